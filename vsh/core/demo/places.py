"""Where the demo authority and its neighbours are: DfE LA numbers, towns and
postcode districts, and invented street addresses and phone numbers."""

import random
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Area:
    la_code: str
    la_name: str
    county: str
    # (town, postcode district, part of the authority used to split social work teams)
    towns: tuple[tuple[str, str, str], ...]


def home_authority() -> Area:
    return Area(
        la_code=settings.AUTHORITY_LA_CODE,
        la_name=settings.AUTHORITY_NAME,
        county="",
        towns=(
            ("Twickenham", "TW1", "south"),
            ("Twickenham", "TW2", "south"),
            ("Whitton", "TW2", "south"),
            ("Teddington", "TW11", "south"),
            ("Hampton", "TW12", "south"),
            ("Richmond", "TW9", "north"),
            ("Richmond", "TW10", "north"),
            ("Kew", "TW9", "north"),
            ("Ham", "TW10", "north"),
            ("Barnes", "SW13", "north"),
            ("East Sheen", "SW14", "north"),
        ),
    )


# Real DfE LA numbers of the authorities around the demo authority.
NEIGHBOURS = (
    Area(
        "313",
        "Hounslow",
        "",
        (
            ("Hounslow", "TW3", ""),
            ("Hounslow", "TW4", ""),
            ("Isleworth", "TW7", ""),
            ("Brentford", "TW8", ""),
            ("Feltham", "TW13", ""),
            ("Chiswick", "W4", ""),
        ),
    ),
    Area(
        "314",
        "Kingston upon Thames",
        "",
        (
            ("Kingston upon Thames", "KT1", ""),
            ("Kingston upon Thames", "KT2", ""),
            ("New Malden", "KT3", ""),
            ("Tolworth", "KT5", ""),
            ("Surbiton", "KT6", ""),
        ),
    ),
    Area(
        "936",
        "Surrey",
        "Surrey",
        (
            ("Walton-on-Thames", "KT12", ""),
            ("Weybridge", "KT13", ""),
            ("Esher", "KT10", ""),
            ("Staines-upon-Thames", "TW18", ""),
            ("Epsom", "KT17", ""),
            ("Woking", "GU21", ""),
            ("Guildford", "GU1", ""),
        ),
    ),
    Area(
        "212",
        "Wandsworth",
        "",
        (
            ("Putney", "SW15", ""),
            ("Wandsworth", "SW18", ""),
            ("Battersea", "SW11", ""),
            ("Tooting", "SW17", ""),
        ),
    ),
    Area(
        "205",
        "Hammersmith and Fulham",
        "",
        (
            ("Hammersmith", "W6", ""),
            ("Fulham", "SW6", ""),
            ("Shepherd's Bush", "W12", ""),
        ),
    ),
)

# Where out-of-authority placements are, roughly as often as children are placed there.
NEIGHBOUR_WEIGHTS = {"313": 26, "314": 22, "936": 30, "212": 12, "205": 10}

STREETS = (
    "Church Road",
    "Station Road",
    "High Street",
    "Park Road",
    "Victoria Road",
    "Meadow Way",
    "Riverside Drive",
    "Kings Road",
    "Queens Avenue",
    "The Crescent",
    "Orchard Close",
    "Mill Lane",
    "Chestnut Avenue",
    "Willow Walk",
    "Manor Road",
    "Grove Park",
    "Elm Grove",
    "Heath Road",
    "Windmill Lane",
    "Vicarage Road",
    "Albert Road",
    "York Street",
    "Lime Grove",
    "Cedar Close",
    "Hollybush Lane",
    "Beech Way",
    "Linden Gardens",
    "Oak Lane",
    "Ferry Road",
    "Lock Road",
    "Bridge Street",
    "Green Lane",
    "Sandy Lane",
    "Priory Road",
    "Lower Mall",
)
# Real postcodes in each district (ONS Postcode Directory, Open Government Licence),
# inward parts only, so that SSDA903 returns made from demo data place children in
# the right authority. The street addresses that go with them are invented.
POSTCODES = {
    "TW1": (
        "2LZ 9FL 9FE 2EB 3BX 1RW 1JY 9LR 9EL 1RY 4PQ 4LY 4SF 2RJ 3BP 2DR 1AY 3XD 4TA 3UR "
        "1FD 4LZ 4BL 3LG 1LZ 1QU 1WY 9AL 2EG 2RS 4UD 1JE 2XU 9GN 1BY 4ND 4WN 3NE 4SW 2NL"
    ).split(),
    "TW2": (
        "6EG 5PS 6WN 5UZ 7LE 5TX 7SS 6BB 6DG 6EL 5AQ 5FB 5RS 5AH 5EU 6NX 6RF 5RR 5PH 6TY "
        "6TP 5LY 6EX 5YN 5HP 7BA 5LP 5TQ 5HN 7WA 7RY 7DP 6NQ 5HE 6UR 6NP 7QJ 5LS 7BE 7PT"
    ).split(),
    "TW11": (
        "0BB 0JA 8YL 0PR 0WW 9YB 0HQ 0UQ 8WU 0NW 9HF 9JP 1DD 0EW 9EY 9QP 0QB 8TE 8QB 8BW "
        "9HX 8DN 0SX 9SQ 8RW 8JE 8FU 8ZF 9JW 8QZ 0WT 8TL 8GP 1DW 9QQ 0DA 9AP 8HQ 0EP 9RW"
    ).split(),
    "TW12": (
        "2AP 1JD 2WL 1RF 9EU 3EH 1BS 1UL 2NS 3NW 2FU 3PA 1WX 1LL 3TF 3UD 3ET 3ZY 3EQ 1JT "
        "1UN 2SY 2YF 2DP 1PY 3XR 3TQ 9BJ 1EE 3BZ 3AY 2NB 2XX 1SP 2QP 2DX 2DH 3UW 2AU 1TZ"
    ).split(),
    "TW9": (
        "1FS 2ND 1WA 4RE 1WQ 2YT 4WB 3WF 2LQ 3RY 1LZ 1PU 2ET 9HT 1AN 2SG 3NJ 4RQ 9DP 2HS "
        "3AL 9DT 1FZ 2SF 3JX 1HS 2PZ 1RP 1WY 1EU 9NG 4DQ 2LP 2UY 1PZ 4DA 2UZ 1UG 1YW 3RL"
    ).split(),
    "TW10": (
        "7FQ 6HD 5JH 6ZR 7RU 6FH 7DA 6BL 6HT 7JG 6UZ 5DR 7TU 7AT 6EN 5BL 7QY 6LW 7NT 6NF "
        "5BP 7AZ 7SB 5DN 6XN 6XQ 7PJ 6YD 6AE 7XH 6XX 6HU 7YR 7UP 6FB 6WJ 6WT 7FT 6LQ 6TE"
    ).split(),
    "SW13": (
        "0DE 0XP 0ES 3DF 0DT 0EQ 0XA 0DA 8EL 8WE 9PZ 9BS 0UU 9WU 9HG 0BY 0ZE 0JE 9NJ 0YA "
        "8WX 0AF 0EZ 0UT 8HA 9EB 8HT 0AU 0US 9NF 9BL 3AW 8DS 0HQ 9RQ 8ET 0LA 0JN 0BE 0DD"
    ).split(),
    "SW14": (
        "8JD 8FF 7BA 8HN 7XF 7NR 7DR 8DQ 8DF 9AJ 7LR 7PR 8FB 8ER 8XN 8LG 8BU 9AW 7JQ 7AA "
        "8SP 8LB 7LH 8NA 7RE 8YE 9EL 8JJ 7XJ 7HL 8SL 8JZ 8JL 8LQ 9EN 8RZ 8EJ 8HT 8PT 8HX"
    ).split(),
    "TW3": (
        "1XZ 4XX 1YX 9SY 3XW 9RA 1XN 3LJ 9EU 2PG 3EB 9DF 3LN 1PR 2TN 9NE 3HG 2AD 1UZ 2QJ "
        "1WF 3JD 9EY 4QQ 4AA 1NL 3FA 1ZR 3LY 9BG 3AY 1BQ 4LY 2QU 2PU 2HB 3FZ 3LD 1DT 9XH"
    ).split(),
    "TW4": (
        "6AL 5EW 5JZ 5ZF 7RT 6RY 5BE 7RW 6JL 7LY 5JR 7JQ 5EP 7JR 7EZ 5JD 6LS 6SD 5BH 7HP "
        "7RS 6BY 5BY 7WF 5WU 5UG 5WR 5AR 6LW 6HN 7NR 7JT 6AU 5DR 5AT 5HE 7HA 7PN 7ED 5BA"
    ).split(),
    "TW7": (
        "6HZ 6GX 5JT 9DE 7WW 6NJ 7RU 7LA 4HY 4XR 4TD 9BZ 5RA 5WG 7AT 5XF 6WT 4EG 6QN 5FS "
        "4XE 6TJ 4BD 9EW 9FJ 7DN 6DD 6UR 6AB 6JD 5DA 5GA 7EJ 6XT 7JU 6JL 7AU 6UJ 5RP 5DX"
    ).split(),
    "TW8": (
        "9QL 9PY 8AS 0XW 9UF 0QN 9GN 9JN 8HE 0WU 9RS 9YA 8TW 8FE 0EA 1BR 8BJ 9FD 9EX 0NU "
        "8JA 0SP 1AY 8EL 9PZ 0RS 8WZ 9GW 8AP 8LQ 8EZ 0YT 0BJ 0QQ 0WD 9LL 9HD 9DZ 0DL 9RL"
    ).split(),
    "TW13": (
        "5AL 4DD 5PE 6QN 6QT 4BN 5HJ 6XU 4WJ 6NL 5QX 9DA 4GD 4WW 5WD 6UD 6BE 7WP 4YN 6SZ "
        "5EX 6NJ 6YN 5QN 5RE 7RB 5JB 6LS 7WX 5AY 7LW 5LL 6PR 5JG 9EJ 5LY 9EB 7DJ 7WA 7PG"
    ).split(),
    "W4": (
        "2FT 3BN 9FB 5DX 2UL 3WB 1QT 1FL 2LG 9BY 3JG 2DR 4HD 2UJ 3YT 1NQ 3BE 4JQ 2NY 5GG "
        "2PL 3FN 4FG 2LF 2YE 5BX 5ZT 3XP 3TX 2WT 5WG 2PD 5WX 3EZ 3QD 9PA 1WN 4QD 3QN 2XJ"
    ).split(),
    "KT1": (
        "9UP 2ZF 9YZ 3QP 1LU 1PJ 9GN 2FL 9FB 9UR 3QL 1LN 1QL 3HF 3RU 2EX 9JJ 9DW 2HT 3EU "
        "9QL 1SP 3QT 3YW 3DZ 2UD 1ES 3YP 3QZ 2BT 9LE 4YB 2BB 4YX 9ZG 9DF 1BZ 1EU 9BE 1DJ"
    ).split(),
    "KT2": (
        "5TA 7YP 7WP 5TY 7LW 7AD 6PH 6WU 5UG 5ER 5JT 6RX 7WN 6ZR 7YE 5QP 5GB 6SB 7WL 5EA "
        "6FP 6AZ 5BG 7NX 7DP 7YF 6AF 5TB 7QB 6JD 5RJ 6NH 5SG 5HR 6DJ 7SP 5XB 7XE 5JZ 7EA"
    ).split(),
    "KT3": (
        "3RR 3UR 5JT 5LW 5DE 3JR 6BQ 9GR 5HF 3LD 9ED 3RL 6WQ 3NP 9JR 5PT 3BW 5YQ 5WE 9HA "
        "3WQ 6EB 5YL 5EA 5EZ 5NB 4XQ 6YX 3JY 3UG 4SW 5RJ 3BB 4HY 3SA 6EF 5LH 5AY 3ES 5YA"
    ).split(),
    "KT5": (
        "8YL 8XA 8BT 9EN 8LB 8WL 9AS 8ET 8QP 9EU 9RG 8AL 9HT 9PH 8HU 8BH 9JQ 8PS 8PB 8QH "
        "8LE 9JS 9DE 9YJ 8RJ 9AY 9XQ 8DP 9EB 9DU 9XP 9LH 8AW 9YF 9QZ 8JW 9NN 8ZB 9RF 8ZG"
    ).split(),
    "KT6": (
        "5PS 5DN 4SX 7RP 7HN 4TD 4RR 4SG 4JE 5NU 4DH 5WA 7YH 4YT 5YJ 6SQ 7JR 7PW 7TY 5BX "
        "4RG 5DB 4WF 6PS 6BX 7DT 4PG 7YR 7QQ 4NB 7UW 5XY 7NP 7ER 4YF 7LS 4JJ 4NY 4DP 6JW"
    ).split(),
    "KT12": (
        "4ND 2EA 1JL 4BJ 2FJ 9BT 2NL 1LH 2NA 2WX 2RQ 2AN 9AA 3NX 3NP 4QL 5AB 9JN 5LT 3PG "
        "5LJ 3DE 1EE 1PU 2TN 5NR 2EZ 3SB 1YA 1YE 1DD 5WF 5WR 4BB 1AY 4QQ 1YH 2QG 1BZ 5PB"
    ).split(),
    "KT13": (
        "0QG 0AQ 9JW 0NZ 3GP 0TY 3EF 8QN 8GD 9ZA 3HX 9SL 8YF 8JQ 9EG 8BW 9YL 9BQ 0YG 8LX "
        "8SS 0RX 3LA 0YP 9SW 9PE 9RP 8XL 0YH 9UT 8EX 8NU 0YW 8UT 9TF 0XH 9FW 9YS 9WR 9PJ"
    ).split(),
    "KT10": (
        "9RT 1BL 8YF 8JA 0BY 9PW 1AL 8PN 8WP 0WW 9DN 8WW 0YJ 8DE 0ND 9NX 1DR 0YS 0WP 0TB "
        "9LD 1FR 0BZ 0JW 1FN 0RB 0LQ 9PF 9JQ 8WL 9PB 1BJ 8PY 9WZ 0WB 9DL 1DE 1BR 0EL 1GN"
    ).split(),
    "TW18": (
        "4WN 2DF 2ND 3HX 1DU 9FB 2SW 1SJ 4EY 4FR 2TU 3JP 4NX 1BW 2AU 4FS 4FU 3EU 1WD 4NZ "
        "4ND 4WU 2DR 1QN 2NQ 4QN 2BS 9EA 2PQ 3PR 2UN 4SP 1WQ 2HH 2JX 2RX 4RB 1XU 4PE 3HN"
    ).split(),
    "KT17": (
        "1TG 3NW 2HS 1PD 1FN 1RJ 3WQ 9AB 2HF 3YF 1YQ 9AS 1TX 3HA 2RB 1EL 9DS 1TT 1BF 3YG "
        "4BD 1HF 3LP 9FW 1DW 9GP 9LS 2PB 1HU 4EX 3DW 9HD 9EN 9FN 1BA 2NS 3ND 1LP 9AP 2RY"
    ).split(),
    "GU21": (
        "2HH 5YR 2JL 6EW 8TA 6EA 3HX 1EU 1XG 2NA 5SS 6EQ 2JZ 2HD 5AG 2TZ 2YN 1UT 1FX 2YW "
        "1YJ 6JG 5SL 5ET 4UJ 5EH 7RJ 4JB 3QQ 2RP 7JB 2FB 1RD 1ZL 9BN 5FW 3LP 5YG 1EW 5RG"
    ).split(),
    "GU1": (
        "9NW 2HQ 2YQ 4AN 1UY 1LP 9UQ 2QL 2HZ 1EG 3EN 3PF 3HR 9WR 1SU 9FJ 4EN 9QY 9BX 2HP "
        "1WG 4LS 9GH 9NJ 2EU 4PR 1JL 4JG 1SQ 2JA 9JX 1FN 2EL 2LW 9WU 2RQ 2UA 3YY 2ZJ 9QF"
    ).split(),
    "SW15": (
        "2HD 1WN 2FP 2PZ 4HS 3NS 5YE 9DY 4LB 6HD 5AF 6RW 3FS 1HF 2RT 9GH 5PA 9GS 5BL 9DF "
        "2LW 5RP 6RT 2HS 5WU 1EA 1BT 9HZ 9GY 9LT 6LW 2NW 3YF 3YR 9DZ 9GD 6TU 6EX 3SH 6TG"
    ).split(),
    "SW18": (
        "2NN 5JG 1DD 9EE 3RH 4TB 5LU 1UL 4TD 9AW 4DF 5XN 9TW 2XZ 9TD 2PP 1GS 5TW 3JJ 4WY "
        "5SX 3EL 2WD 1BF 2RQ 9HJ 3FN 4EP 4FP 9HB 9HS 1GE 1NE 4ZJ 3WF 9RY 4UN 1AG 4BJ 5YW"
    ).split(),
    "SW11": (
        "4DY 4HJ 1XF 4RD 1DJ 3GJ 9QT 4PX 8DF 6YP 6BQ 1LF 2XP 2JB 8AA 5DU 9DW 4DP 5DL 8BE "
        "5EB 9LW 3EJ 4AQ 4XU 3JY 3YW 4HP 5SB 9PN 9HY 5ZB 8AH 6BF 5LE 5EL 4YP 6XP 6YL 1WP"
    ).split(),
    "SW17": (
        "0AU 0ZA 7JN 8DF 6AF 0FF 0LS 0SU 0ZG 9QJ 7AJ 0NH 8RP 8RY 9YS 1LD 8WB 0DU 9ZF 8DU "
        "7SN 0NB 0WT 8SJ 9EB 8RF 0PF 7PD 7FJ 0AQ 7DY 0YG 0BQ 9NS 9BQ 7WE 0FP 6AN 1EB 8DX"
    ).split(),
    "W6": (
        "9TS 8HY 0HT 0LX 9YP 0ND 9RG 0TQ 8AS 6FG 7GU 0DE 0SG 6BS 9AD 0EH 0QG 8LD 9WA 0JJ "
        "0JS 7NP 0DA 0ZZ 8ZW 9PG 9HT 8NA 6JG 8ZL 7NF 0DF 9BH 0GF 9AN 0SZ 8DJ 8PT 9UQ 0GS"
    ).split(),
    "SW6": (
        "9SZ 9LQ 2WA 3HZ 1BE 9LG 3UA 2LF 2TD 7PT 4ZB 4YF 3DH 1AX 9SF 6QN 1DS 4JU 9JZ 9LN "
        "1UJ 9GS 5NJ 1XD 9GD 5JJ 6JQ 5ZB 5NQ 2YR 1RQ 5WR 6NZ 1DX 7HW 5WH 7DY 2YG 2WT 9JL"
    ).split(),
    "W12": (
        "0TE 9RR 7XH 0QE 8PA 6DZ 0AA 6AD 6XA 6EQ 9ZN 9AD 6XT 7EX 8JT 9AW 9YF 0ZX 8ZJ 9HS "
        "8YE 7EP 7NS 8TT 9UA 0JE 9ZB 0SQ 0RL 9BS 0FG 7FF 7GN 8EZ 8ZR 7JN 6PH 0NQ 9LW 7SU"
    ).split(),
}

HOME_SHARE = 10  # the first ten of each district are family homes


def postcode(rng: random.Random, district: str, home: bool = False, avoid=()) -> str:
    """A postcode in the district. Family homes and placements draw from different
    parts of the list, so a child is never recorded as placed at their own home."""
    inward = POSTCODES[district][:HOME_SHARE] if home else POSTCODES[district][HOME_SHARE:]
    codes = [f"{district} {code}" for code in inward]
    fresh = [code for code in codes if code not in avoid]
    return rng.choice(fresh or codes)


def street_address(rng: random.Random) -> str:
    return f"{rng.randint(1, 180)} {rng.choice(STREETS)}"


def phone(rng: random.Random, area: Area) -> str:
    # Ofcom's ranges reserved for drama, so no real line is ever dialled.
    if area.county:
        return f"01632 960{rng.randint(0, 999):03d}"
    return f"020 7946 0{rng.randint(0, 999):03d}"


def mobile(rng: random.Random) -> str:
    return f"07700 900{rng.randint(0, 999):03d}"


def pick_town(rng: random.Random, area: Area, part: str = "") -> tuple[str, str]:
    towns = [t for t in area.towns if not part or t[2] == part] or list(area.towns)
    town, district, _ = rng.choice(towns)
    return town, district


def neighbour(code: str) -> Area:
    return next(a for a in NEIGHBOURS if a.la_code == code)


def pick_neighbour(rng: random.Random) -> Area:
    code = rng.choices(list(NEIGHBOUR_WEIGHTS), weights=list(NEIGHBOUR_WEIGHTS.values()))[0]
    return neighbour(code)


def area_for(la_code: str) -> Area:
    home = home_authority()
    if la_code == home.la_code:
        return home
    return neighbour(la_code)


def part_of_authority(district: str) -> str:
    """North or south of the demo authority, for splitting social work teams."""
    for _, d, part in home_authority().towns:
        if d == district:
            return part
    return "south"
