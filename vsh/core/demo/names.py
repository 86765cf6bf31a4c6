"""Invented names for demo children, families and professionals.

Pools are grouped by heritage so that a child's first name, surname and recorded
ethnicity fit together, in proportions like a London borough's children in care.
"""

import random

# heritage: (boys, girls, surnames). Each pool is one community, so that a
# child's first name and surname fit together.
CHILD_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "english": (
        (
            "Oliver",
            "Harry",
            "George",
            "Jack",
            "Charlie",
            "Alfie",
            "Freddie",
            "Leo",
            "Archie",
            "Theo",
            "Thomas",
            "Joshua",
            "Mason",
            "Riley",
            "Tyler",
            "Callum",
            "Kieran",
            "Bradley",
            "Connor",
            "Lewis",
            "Ryan",
            "Jake",
            "Alexander",
            "Jonathan",
            "Nathaniel",
            "Samuel",
            "Benjamin",
            "Daniel",
            "Liam",
            "Logan",
            "Kayden",
            "Ellis",
            "Reggie",
            "Tommy",
            "Frankie",
        ),
        (
            "Olivia",
            "Amelia",
            "Isla",
            "Ava",
            "Mia",
            "Ruby",
            "Poppy",
            "Grace",
            "Lily",
            "Evie",
            "Sophie",
            "Chloe",
            "Jessica",
            "Megan",
            "Paige",
            "Courtney",
            "Leah",
            "Kayla",
            "Ellie",
            "Summer",
            "Harriet",
            "Elizabeth",
            "Victoria",
            "Rebecca",
            "Charlotte",
            "Katie",
            "Lacey",
            "Skye",
            "Maisie",
            "Willow",
            "Darcie",
            "Tilly",
            "Bethany",
            "Jasmine",
        ),
        (
            "Smith",
            "Jones",
            "Taylor",
            "Brown",
            "Williams",
            "Wilson",
            "Johnson",
            "Davies",
            "Robinson",
            "Wright",
            "Thompson",
            "Evans",
            "Walker",
            "White",
            "Roberts",
            "Green",
            "Hall",
            "Wood",
            "Jackson",
            "Clarke",
            "Hughes",
            "Edwards",
            "Turner",
            "Harris",
            "Cooper",
            "Ward",
            "Morris",
            "Parker",
            "Bennett",
            "Collins",
            "Marshall",
            "Mason",
            "Fletcher",
            "Pearce",
            "Barker",
            "Lambert",
            "Holloway",
            "Pritchard",
            "Dawson",
            "Fowler",
            "Sutton",
            "Gibbs",
            "Chapman",
            "Webb",
            "Ellis",
            "Hobbs",
            "Griffiths",
        ),
    ),
    "irish": (
        ("Sean", "Cian", "Conor", "Oisin", "Patrick", "Darragh", "Ronan", "Eoin"),
        ("Siobhan", "Aoife", "Niamh", "Ciara", "Roisin", "Orla", "Caoimhe", "Saoirse"),
        (
            "Murphy",
            "Kelly",
            "O'Brien",
            "Byrne",
            "Ryan",
            "O'Sullivan",
            "Doyle",
            "McCarthy",
            "Gallagher",
            "Doherty",
            "Kennedy",
            "Lynch",
            "Quinn",
            "Brennan",
        ),
    ),
    "traveller": (
        ("Patrick", "Johnny", "Michael", "Martin", "Tommy", "Jimmy", "Francie"),
        ("Bridget", "Margaret", "Kathleen", "Mary", "Winnie", "Nora", "Shannon"),
        ("McDonagh", "Ward", "Joyce", "Maughan", "Connors", "Stokes", "Doherty"),
    ),
    "roma": (
        ("Marian", "Florin", "Denis", "Robert", "Adrian", "Stefan", "Lukas"),
        ("Ramona", "Denisa", "Florentina", "Claudia", "Roxana", "Natalia", "Nikola"),
        ("Lakatos", "Balog", "Oláh", "Dumitru", "Stoica", "Rostas", "Horvath", "Kalanyos"),
    ),
    "polish": (
        ("Jakub", "Kacper", "Filip", "Mateusz", "Szymon", "Antoni", "Dominik"),
        ("Zuzanna", "Julia", "Maja", "Alicja", "Oliwia", "Natalia", "Wiktoria"),
        ("Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński"),
    ),
    "romanian": (
        ("Andrei", "David", "Luca", "Stefan", "Ionut", "Mihai", "Bogdan"),
        ("Ioana", "Maria", "Sofia", "Daria", "Andreea", "Elena", "Bianca"),
        ("Popescu", "Ionescu", "Popa", "Constantin", "Stan", "Marin", "Dumitrescu"),
    ),
    "portuguese": (
        ("Tiago", "Rafael", "Diogo", "Rodrigo", "Gonçalo", "Martim"),
        ("Beatriz", "Ana", "Inês", "Leonor", "Mariana", "Matilde"),
        ("Silva", "Santos", "Ferreira", "Pereira", "Costa", "Rodrigues", "Gomes"),
    ),
    "lithuanian": (
        ("Matas", "Lukas", "Jonas", "Dominykas", "Nojus"),
        ("Emilija", "Gabija", "Ugnė", "Austėja", "Lėja"),
        ("Kazlauskas", "Petrauskas", "Jankauskas", "Stankevičius", "Vasiliauskas"),
    ),
    "albanian": (
        ("Arben", "Ardit", "Endri", "Klevis", "Erion", "Kristi"),
        ("Elira", "Kejsi", "Ersa", "Amelia", "Sara"),
        ("Hoxha", "Krasniqi", "Shehu", "Dervishi", "Leka", "Gashi"),
    ),
    "caribbean": (
        (
            "Jayden",
            "Tyrese",
            "Malachi",
            "Isaiah",
            "Kai",
            "Jaylen",
            "Marcus",
            "Andre",
            "Kyrie",
            "Reuben",
            "Elijah",
            "Jermaine",
            "Dwayne",
            "Nathaniel",
            "Tristan",
            "Rashad",
        ),
        (
            "Amara",
            "Nia",
            "Shanice",
            "Imani",
            "Tia",
            "Aaliyah",
            "Jada",
            "Kezia",
            "Latoya",
            "Monique",
            "Renée",
            "Tiana",
            "Janelle",
            "Shantelle",
            "Zara",
        ),
        (
            "Campbell",
            "Brown",
            "Williams",
            "Francis",
            "Grant",
            "Thompson",
            "Bailey",
            "Reid",
            "Henry",
            "Gordon",
            "Baptiste",
            "Richards",
            "Lewis",
            "Forbes",
            "Christie",
            "Morgan",
            "Samuels",
            "Ellis",
            "McKenzie",
            "Gayle",
        ),
    ),
    "nigerian": (
        (
            "Oluwaseun",
            "Oluwadamilare",
            "Tobiloba",
            "Chinedu",
            "Emeka",
            "Ayomide",
            "Daniel",
            "David",
            "Emmanuel",
            "Samuel",
            "Ifeanyi",
            "Tolu",
        ),
        (
            "Adaeze",
            "Chiamaka",
            "Oluwatobiloba",
            "Temitope",
            "Fiyinfoluwa",
            "Favour",
            "Precious",
            "Esther",
            "Ifeoma",
            "Ngozi",
        ),
        (
            "Adeyemi",
            "Okafor",
            "Okonkwo",
            "Adebayo",
            "Oyelaran",
            "Eze",
            "Nwosu",
            "Ogunleye",
            "Balogun",
            "Okoro",
        ),
    ),
    "ghanaian": (
        ("Kwame", "Kofi", "Yaw", "Kwabena", "Nana", "Samuel", "Joshua"),
        ("Abena", "Ama", "Efua", "Akosua", "Adwoa", "Grace", "Blessing"),
        ("Mensah", "Owusu", "Boateng", "Asante", "Osei", "Danquah", "Agyeman"),
    ),
    "somali": (
        ("Abdirahman", "Mohamed", "Abdullahi", "Hassan", "Yusuf", "Ayaan", "Mustafe"),
        ("Hodan", "Ayaan", "Hibaaq", "Sagal", "Nimco", "Fadumo", "Ikran"),
        ("Abdi", "Mohamed", "Hassan", "Warsame", "Ali", "Farah", "Jama", "Osman"),
    ),
    "congolese": (
        ("Jean-Pierre", "Dieudonné", "Christian", "Patrick", "Glody", "Exaucé"),
        ("Merveille", "Divine", "Grâce", "Benedicte", "Naomie"),
        ("Mbala", "Kabongo", "Tshibangu", "Mukendi", "Ilunga", "Kasongo"),
    ),
    "zimbabwean": (
        ("Tendai", "Tinashe", "Tafadzwa", "Tatenda", "Kudzai"),
        ("Ruvimbo", "Chipo", "Rutendo", "Nyasha", "Tariro"),
        ("Moyo", "Ncube", "Chikwanha", "Dube", "Sibanda", "Mutasa"),
    ),
    "punjabi": (
        ("Jaskaran", "Harvir", "Rajveer", "Gurpreet", "Arjun", "Manveer"),
        ("Simran", "Jasleen", "Harleen", "Navneet", "Amrit", "Gurleen"),
        ("Singh", "Kaur", "Gill", "Sandhu", "Dhillon", "Sidhu", "Grewal"),
    ),
    "gujarati": (
        ("Aarav", "Krish", "Dev", "Rohan", "Vihaan", "Jay"),
        ("Priya", "Diya", "Isha", "Anika", "Kavya", "Riya"),
        ("Patel", "Shah", "Mehta", "Joshi", "Desai", "Bhatt", "Parmar"),
    ),
    "south_indian": (
        ("Arjun", "Ishaan", "Aditya", "Karthik", "Vikram"),
        ("Ananya", "Aanya", "Navya", "Lakshmi", "Meera"),
        ("Nair", "Pillai", "Reddy", "Iyer", "Menon", "Krishnan"),
    ),
    "pakistani": (
        (
            "Mohammed",
            "Muhammad",
            "Ibrahim",
            "Ayaan",
            "Hamza",
            "Zayn",
            "Bilal",
            "Usman",
            "Hassan",
            "Rayyan",
            "Zakariya",
            "Imran",
        ),
        (
            "Aisha",
            "Maryam",
            "Zainab",
            "Fatima",
            "Hafsa",
            "Inaya",
            "Alisha",
            "Mahnoor",
            "Sana",
            "Hania",
            "Eman",
            "Noor",
        ),
        (
            "Khan",
            "Hussain",
            "Ahmed",
            "Iqbal",
            "Malik",
            "Akhtar",
            "Butt",
            "Chaudhry",
            "Raja",
            "Mahmood",
            "Qureshi",
            "Bashir",
        ),
    ),
    "bangladeshi": (
        ("Abdul", "Rahim", "Tahmid", "Sami", "Rayhan", "Nabil", "Shahid", "Tanvir"),
        ("Tasnim", "Nusrat", "Sumaiya", "Jannat", "Farzana", "Ruksana", "Afia", "Tahmina"),
        ("Begum", "Miah", "Uddin", "Rahman", "Islam", "Ali", "Hoque", "Chowdhury", "Ahmed"),
    ),
    "tamil": (
        ("Tharun", "Kajan", "Niran", "Sajeevan", "Abinash"),
        ("Thanuja", "Nila", "Harini", "Abinaya", "Keerthana"),
        ("Sivakumar", "Tharmalingam", "Kanagaratnam", "Selvarajah", "Yogarajah"),
    ),
    "filipino": (
        ("Jericho", "Miguel", "Nathan", "Joshua", "Carlo"),
        ("Althea", "Angel", "Princess", "Kristine", "Bea"),
        ("Reyes", "Santos", "Dela Cruz", "Bautista", "Villanueva", "Garcia"),
    ),
    "nepali": (
        ("Sahil", "Bishal", "Aayush", "Sujan", "Prabin"),
        ("Anjali", "Sita", "Sabina", "Puja", "Srijana"),
        ("Gurung", "Rai", "Thapa", "Limbu", "Tamang", "Magar"),
    ),
    "vietnamese_family": (
        ("Minh", "Bao", "Duc", "Khang", "Nam"),
        ("Linh", "Mai", "Ngoc", "Thao", "Vy"),
        ("Nguyen", "Tran", "Le", "Pham", "Hoang"),
    ),
    "chinese": (
        ("Ethan", "Jason", "Ryan", "Wei", "Jun", "Hao", "Kevin"),
        ("Emily", "Chloe", "Mei", "Xin", "Yan", "Jessica", "Lily"),
        ("Chen", "Wong", "Li", "Zhang", "Lau", "Cheung", "Wang", "Liu", "Ng", "Ho"),
    ),
    "kurdish_family": (
        ("Karwan", "Rebin", "Dara", "Aram", "Shvan"),
        ("Rojin", "Shilan", "Dilan", "Avin", "Hana"),
        ("Rostami", "Aziz", "Rasul", "Kareem", "Qadir", "Salih"),
    ),
    "turkish": (
        ("Emre", "Mert", "Yusuf", "Eren", "Kerem"),
        ("Zeynep", "Elif", "Ela", "Defne", "Azra"),
        ("Yilmaz", "Demir", "Kaya", "Şahin", "Çelik", "Aydin"),
    ),
    "arab": (
        ("Omar", "Ali", "Khalid", "Hadi", "Yousef", "Adam"),
        ("Layla", "Sara", "Nour", "Yasmin", "Mariam", "Hala"),
        ("Said", "Al-Masri", "Haddad", "Abdullah", "Mustafa", "Hamdan"),
    ),
    "iranian": (
        ("Arman", "Kian", "Arash", "Darius", "Reza"),
        ("Darya", "Shirin", "Parisa", "Ava", "Yasmin"),
        ("Ahmadi", "Karimi", "Hosseini", "Mohammadi", "Rahimi", "Tehrani"),
    ),
}

# Unaccompanied asylum-seeking children: mostly teenage boys; names from the
# countries most children arrive from.
UASC_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "afghan": (
        (
            "Ahmad",
            "Mohammad",
            "Farhad",
            "Jawad",
            "Sohail",
            "Wahid",
            "Naveed",
            "Samiullah",
            "Hamid",
            "Rahmatullah",
        ),
        ("Parwana", "Marzia", "Farishta", "Zahra"),
        ("Ahmadzai", "Hakimi", "Noori", "Sultani", "Popal", "Safi", "Rahimi", "Stanikzai"),
    ),
    "eritrean": (
        ("Yonas", "Filmon", "Mebrahtu", "Dawit", "Tesfay", "Robel", "Merhawi", "Natnael"),
        ("Senait", "Luwam", "Selam", "Helen"),
        ("Tesfamariam", "Ghebremedhin", "Haile", "Berhane", "Kidane", "Tekle", "Woldu"),
    ),
    "sudanese": (
        ("Abdelrahman", "Mohamed", "Osman", "Musa", "Adam", "Ismail", "Yahya"),
        ("Amna", "Hawa", "Fatima"),
        ("Abdalla", "Elhassan", "Ibrahim", "Osman", "Yousif", "Adam"),
    ),
    "kurdish": (
        ("Karwan", "Rebwar", "Hawre", "Shvan", "Alan", "Rawand", "Soran"),
        ("Rojin", "Shilan", "Avin"),
        ("Mohammadi", "Rasul", "Kareem", "Hama", "Aziz", "Qadir"),
    ),
    "albanian": (
        ("Ardit", "Klevis", "Erion", "Endri", "Gentian", "Arlind", "Kristi"),
        ("Elira", "Kejsi", "Ersa"),
        ("Hoxha", "Shehu", "Dervishi", "Leka", "Gjoka", "Marku"),
    ),
    "vietnamese": (
        ("Minh", "Duc", "Tuan", "Hoang", "Quang", "Long"),
        ("Linh", "Thao", "Ngoc"),
        ("Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu"),
    ),
}

# (heritage, ethnicity code, weight) for UASC
UASC_ORIGINS = [
    ("afghan", "AOTH", 30),
    ("eritrean", "BAFR", 20),
    ("sudanese", "BAFR", 12),
    ("kurdish", "OOTH", 16),
    ("albanian", "WOTH", 12),
    ("vietnamese", "AOTH", 10),
]

# Ethnicity codes in proportions like a London borough's children in care. Each
# lists the communities a family's names come from: a family takes one of them, or
# for mixed heritage one for the surname and either for first names.
ETHNICITY_MIX = [
    # code, weight, communities, mixed heritage
    ("WBRI", 420, ["english"], False),
    ("WIRI", 10, ["irish"], False),
    ("WOTH", 75, ["polish", "romanian", "portuguese", "lithuanian", "albanian"], False),
    ("WIRT", 7, ["traveller"], False),
    ("WROM", 8, ["roma"], False),
    ("MWBC", 70, ["english", "caribbean"], True),
    ("MWBA", 30, ["english", "nigerian", "ghanaian", "zimbabwean"], True),
    ("MWAS", 28, ["english", "pakistani", "punjabi", "gujarati"], True),
    ("MOTH", 45, ["english", "turkish", "arab", "portuguese", "caribbean", "iranian"], True),
    ("AIND", 20, ["punjabi", "gujarati", "south_indian"], False),
    ("APKN", 25, ["pakistani"], False),
    ("ABAN", 10, ["bangladeshi"], False),
    ("AOTH", 28, ["tamil", "filipino", "nepali", "vietnamese_family"], False),
    ("BCRB", 50, ["caribbean"], False),
    ("BAFR", 70, ["nigerian", "ghanaian", "somali", "congolese", "zimbabwean"], False),
    ("BOTH", 25, ["caribbean", "nigerian", "ghanaian"], False),
    ("CHNE", 5, ["chinese"], False),
    ("OOTH", 30, ["kurdish_family", "turkish", "arab", "iranian"], False),
    ("REFU", 5, ["english"], False),
    ("NOBT", 10, ["english", "polish", "nigerian"], False),
]


def family_heritage(rng: random.Random) -> tuple[str, list[str], str]:
    """An ethnicity code, the communities first names come from, and the surname's."""
    code, _, communities, mixed = weighted(rng, ETHNICITY_MIX)
    if mixed:
        other = rng.choice(communities[1:])
        pair = [communities[0], other]
        return code, pair, rng.choice(pair)
    community = rng.choice(communities)
    return code, [community], community


# What a child is usually called, for some first names.
NICKNAMES = {
    "Alexander": "Alex",
    "Jonathan": "Jon",
    "Nathaniel": "Nate",
    "Samuel": "Sam",
    "Benjamin": "Ben",
    "Daniel": "Danny",
    "Thomas": "Tom",
    "Joshua": "Josh",
    "Frederick": "Freddie",
    "Elizabeth": "Lizzie",
    "Victoria": "Tori",
    "Rebecca": "Becky",
    "Charlotte": "Lottie",
    "Jessica": "Jess",
    "Harriet": "Hattie",
    "Oluwaseun": "Seun",
    "Oluwadamilare": "Dami",
    "Oluwatobiloba": "Tobi",
    "Tobiloba": "Tobi",
    "Fiyinfoluwa": "Fiyin",
    "Mohammed": "Mo",
    "Muhammad": "Mo",
    "Abdirahman": "Abdi",
    "Abdelrahman": "Abdel",
    "Zakariya": "Zak",
    "Chiamaka": "Chi",
    "Temitope": "Temi",
    "Ayomide": "Ayo",
    "Tinashe": "Tina",
    "Jean-Pierre": "JP",
    "Rahmatullah": "Rahmat",
    "Samiullah": "Sami",
    "Tharmalingam": "Tharm",
    "Mebrahtu": "Mebs",
    "Chinedu": "Chin",
    "Bethany": "Beth",
    "Jasmine": "Jas",
    "Katie": "Kat",
    "Megan": "Meg",
    "Isaiah": "Zay",
    "Malachi": "Kai",
    "Jaskaran": "Jas",
    "Rajveer": "Raj",
    "Dieudonné": "Dieu",
}

# Adults (carers, staff): (men, women) for each community; surnames come from
# CHILD_NAMES of the same community.
ADULT_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "english": (
        (
            "David",
            "Mark",
            "Paul",
            "Andrew",
            "Richard",
            "Stephen",
            "Simon",
            "Martin",
            "Neil",
            "Gary",
            "Peter",
            "Matthew",
            "James",
            "Christopher",
            "Graham",
            "Tom",
            "Robert",
        ),
        (
            "Sarah",
            "Helen",
            "Claire",
            "Joanne",
            "Karen",
            "Emma",
            "Rachel",
            "Nicola",
            "Lisa",
            "Louise",
            "Hannah",
            "Catherine",
            "Jane",
            "Susan",
            "Amanda",
            "Fiona",
            "Gemma",
            "Lucy",
            "Kate",
            "Alison",
            "Ruth",
        ),
    ),
    "irish": (
        ("Patrick", "Declan", "Brendan", "Ciaran", "Sean"),
        ("Siobhan", "Niamh", "Maeve", "Bernadette", "Orla"),
    ),
    "traveller": (
        ("Michael", "John", "Patrick", "Martin"),
        ("Bridget", "Mary", "Margaret", "Kathleen"),
    ),
    "roma": (("Marian", "Florin", "Gheorghe"), ("Mariana", "Elena", "Florica")),
    "polish": (
        ("Tomasz", "Piotr", "Marek", "Krzysztof"),
        ("Agnieszka", "Katarzyna", "Magdalena", "Joanna"),
    ),
    "romanian": (("Andrei", "Mihai", "Ion", "Adrian"), ("Elena", "Ioana", "Mihaela", "Irina")),
    "portuguese": (("Paulo", "João", "Ricardo", "Nuno"), ("Ana", "Sofia", "Catarina", "Rita")),
    "lithuanian": (("Tomas", "Mindaugas", "Darius"), ("Rasa", "Jurgita", "Inga")),
    "albanian": (("Besnik", "Arben", "Fatmir"), ("Drita", "Mimoza", "Valbona")),
    "caribbean": (
        ("Winston", "Desmond", "Clive", "Trevor", "Marcus", "Leon", "Delroy"),
        ("Marcia", "Beverley", "Jacqueline", "Sonia", "Yvonne", "Charmaine", "Angela"),
    ),
    "nigerian": (
        ("Oluwafemi", "Chukwuemeka", "Tunde", "Emmanuel", "Segun"),
        ("Funmilayo", "Adaeze", "Yetunde", "Ngozi", "Bola"),
    ),
    "ghanaian": (("Kwabena", "Kofi", "Kwame", "Samuel"), ("Abena", "Comfort", "Patience", "Akua")),
    "somali": (("Ahmed", "Abdi", "Mohamed", "Omar"), ("Fadumo", "Amina", "Hawa", "Sahra")),
    "congolese": (("Jean", "Pascal", "Didier"), ("Marie", "Chantal", "Josephine")),
    "zimbabwean": (("Tafadzwa", "Farai", "Tendai"), ("Rutendo", "Nyasha", "Chiedza")),
    "punjabi": (("Harjit", "Sukhwinder", "Jaswinder"), ("Manjit", "Kulwinder", "Harpreet")),
    "gujarati": (("Rajesh", "Sanjay", "Amit"), ("Priya", "Sunita", "Kiran")),
    "south_indian": (("Vikram", "Suresh", "Ramesh"), ("Meera", "Lakshmi", "Deepa")),
    "pakistani": (
        ("Imran", "Tariq", "Khalid", "Asif", "Naveed"),
        ("Nadia", "Shazia", "Samina", "Rubina", "Ayesha"),
    ),
    "bangladeshi": (("Abdul", "Shahid", "Jamal"), ("Rehana", "Shirin", "Nasima")),
    "tamil": (("Suresh", "Kumar", "Rajan"), ("Vasanthi", "Shanthi", "Malathi")),
    "filipino": (("Roberto", "Jose", "Antonio"), ("Maricel", "Rowena", "Jocelyn")),
    "nepali": (("Ram", "Bikash", "Dipak"), ("Sunita", "Kamala", "Sarita")),
    "vietnamese_family": (("Minh", "Hung", "Tuan"), ("Lan", "Hoa", "Huong")),
    "chinese": (("Wei", "Kenneth", "Michael"), ("Li", "Grace", "Winnie")),
    "kurdish_family": (("Karzan", "Hiwa", "Azad"), ("Nasrin", "Gulistan", "Shno")),
    "turkish": (("Mehmet", "Ahmet", "Hakan"), ("Ayse", "Fatma", "Emine")),
    "arab": (("Khaled", "Omar", "Samir"), ("Leila", "Rania", "Huda")),
    "iranian": (("Reza", "Babak", "Ali"), ("Shirin", "Mina", "Azadeh")),
}

ADULT_HERITAGE_WEIGHTS = [
    ("english", 48),
    ("irish", 5),
    ("caribbean", 10),
    ("nigerian", 7),
    ("ghanaian", 4),
    ("somali", 2),
    ("zimbabwean", 2),
    ("punjabi", 3),
    ("gujarati", 3),
    ("pakistani", 4),
    ("polish", 4),
    ("portuguese", 2),
    ("turkish", 2),
    ("iranian", 1),
    ("chinese", 2),
    ("south_indian", 1),
]


def weighted(rng: random.Random, items, weight_of=lambda item: item[1]):
    """One of `items`, chosen with the weights given by `weight_of`."""
    return rng.choices(items, weights=[weight_of(item) for item in items], k=1)[0]


def child_first_name(rng: random.Random, heritage: str, sex: str) -> str:
    boys, girls, _ = CHILD_NAMES.get(heritage) or UASC_NAMES[heritage]
    pool = boys if sex == "M" else girls
    return rng.choice(pool)


def surname(rng: random.Random, heritage: str) -> str:
    pools = CHILD_NAMES.get(heritage) or UASC_NAMES[heritage]
    return rng.choice(pools[2])


def preferred_name(rng: random.Random, first_name: str) -> str:
    """A shortened name for about half the children whose name has one."""
    short = NICKNAMES.get(first_name)
    return short if short and rng.random() < 0.55 else ""


def adult_name(rng: random.Random, sex: str | None = None, heritage: str | None = None) -> str:
    heritage = heritage or weighted(rng, ADULT_HERITAGE_WEIGHTS)[0]
    sex = sex or rng.choice("MF")
    men, women = ADULT_NAMES[heritage]
    first = rng.choice(men if sex == "M" else women)
    return f"{first} {surname(rng, heritage)}"


def household_name(rng: random.Random, heritage: str | None = None) -> tuple[str, str]:
    """A foster or kinship household's name as a service would write it, and its
    main surname."""
    heritage = heritage or weighted(rng, ADULT_HERITAGE_WEIGHTS)[0]
    men, women = ADULT_NAMES[heritage]
    last = surname(rng, heritage)
    shape = rng.random()
    if shape < 0.55:
        name = f"{rng.choice(women)} and {rng.choice(men)} {last}"
    elif shape < 0.85:
        name = f"{rng.choice(women)} {last}"
    elif shape < 0.93:
        name = f"{rng.choice(men)} {last}"
    else:
        partner = weighted(rng, ADULT_HERITAGE_WEIGHTS)[0]
        other = f"{rng.choice(ADULT_NAMES[partner][1])} {surname(rng, partner)}"
        name = f"{rng.choice(women)} {last} and {other}"
    return name, last
