"""Official code lists. Values are the codes used in SSDA903 returns and the school
census; labels are the official wording (DfE SSDA903 guidance, school census)."""

from django.db import models


class Sex(models.TextChoices):
    # SSDA903 header SEX from 2024/25 on (earlier returns used 1 and 2).
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known"


class Ethnicity(models.TextChoices):
    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WOTH = "WOTH", "Any other White background"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WROM = "WROM", "Gypsy/Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other Mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Caribbean"
    BAFR = "BAFR", "African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class LegalStatus(models.TextChoices):
    C1 = "C1", "Interim care order"
    C2 = "C2", "Full care order"
    D1 = "D1", "Freeing order granted"
    E1 = "E1", "Placement order granted"
    J1 = "J1", "Remanded to local authority accommodation or to youth detention accommodation"
    J2 = (
        "J2",
        "Placed in local authority accommodation under the Police and Criminal Evidence Act 1984, including secure accommodation",
    )
    J3 = (
        "J3",
        "Sentenced to Youth Rehabilitation Order with residence or intensive fostering requirement",
    )
    L1 = "L1", "Under police protection and in local authority accommodation"
    L2 = "L2", "Emergency protection order (EPO)"
    L3 = "L3", "Under child assessment order and in local authority accommodation"
    V2 = "V2", "Single period of accommodation under section 20 (Children Act 1989)"
    V3 = (
        "V3",
        "Accommodated under an agreed series of short-term breaks, when individual episodes of care are recorded",
    )
    V4 = (
        "V4",
        "Accommodated under an agreed series of short-term breaks, when agreements are recorded (not individual episodes of care)",
    )


class ReasonNewEpisode(models.TextChoices):
    S = "S", "Started to be looked after"
    L = "L", "Change of legal status only"
    P = "P", "Change of placement and carer(s) only"
    T = "T", "Change of placement (but same carer(s)) only"
    B = "B", "Change of legal status and placement and carer(s) at the same time"
    U = "U", "Change of legal status and change of placement (but same carer(s)) at the same time"


class CategoryOfNeed(models.TextChoices):
    N1 = "N1", "Abuse or neglect"
    N2 = "N2", "Child's disability"
    N3 = "N3", "Parental illness or disability"
    N4 = "N4", "Family in acute stress"
    N5 = "N5", "Family dysfunction"
    N6 = "N6", "Socially unacceptable behaviour"
    N7 = "N7", "Low income"
    N8 = "N8", "Absent parenting"


class PlacementType(models.TextChoices):
    A3 = "A3", "Placed for adoption with parental/guardian consent with current foster carer(s)"
    A4 = "A4", "Placed for adoption with parental/guardian consent not with current foster carer(s)"
    A5 = "A5", "Placed for adoption with placement order with current foster carer(s)"
    A6 = "A6", "Placed for adoption with placement order not with current foster carer(s)"
    K1 = "K1", "Secure children's homes"
    K2 = "K2", "Children's homes subject to Children's Homes Regulations"
    K3 = "K3", "Registered supported accommodation"
    P1 = "P1", "Placed with own parent(s) or other person(s) with parental responsibility"
    P3 = "P3", "Residential employment"
    R1 = "R1", "Residential care home"
    R2 = "R2", "NHS/health trust or other establishment providing medical or nursing care"
    R3 = "R3", "Family centre or mother and baby unit"
    R5 = "R5", "Young offender institution (YOI)"
    S1 = (
        "S1",
        "All residential schools, except where dual-registered as a school and children's home",
    )
    T0 = "T0", "All types of temporary move"
    T1 = "T1", "Temporary periods in hospital"
    T2 = "T2", "Temporary absences of the child on holiday"
    T3 = "T3", "Temporary accommodation whilst normal foster carer(s) is/are on holiday"
    T4 = (
        "T4",
        "Temporary accommodation of seven days or less, for any reason, not covered by codes T1 to T3",
    )
    U1 = "U1", "Foster placement with relative(s) or friend(s) – long term fostering"
    U2 = (
        "U2",
        "Foster placement with relative(s) or friend(s) who is/are also an approved adopter(s) – fostering for adoption /concurrent planning",
    )
    U3 = (
        "U3",
        "Foster placement with relative(s) or friend(s) – not long term or fostering for adoption /concurrent planning",
    )
    U4 = "U4", "Foster placement with other foster carer(s) – long term fostering"
    U5 = (
        "U5",
        "Foster placement with other foster carer(s) who is/are also an approved adopter(s) – fostering for adoption /concurrent planning",
    )
    U6 = (
        "U6",
        "Foster placement with other foster carer(s) – not long term or fostering for adoption /concurrent planning",
    )
    Z11 = "Z11", "Other placements (DfE category Z11)"
    Z12 = "Z12", "Other placements (DfE category Z12)"
    Z13 = "Z13", "Other placements (DfE category Z13)"
    Z14 = "Z14", "Other placements (DfE category Z14)"


# Placement types retired from the 2025/26 collection; refused on import with a reason.
RETIRED_PLACEMENT_TYPES = {
    "H5": "Semi-independent living accommodation (retired in 2025/26: use K3 or another code)",
    "P2": "Independent living (retired in 2025/26)",
    "Z1": "Other placements (retired in 2025/26: use Z11 to Z14)",
}
TEMPORARY_PLACEMENT_TYPES = frozenset({"T0", "T1", "T2", "T3", "T4"})


class PlacementProvider(models.TextChoices):
    PR0 = "PR0", "Parent(s) or other person(s) with parental responsibility"
    PR1 = "PR1", "Own provision (by the local authority)"
    PR2 = "PR2", "Other local authority provision"
    PR3 = "PR3", "Other public provision (for example, a primary care trust)"
    PR4 = "PR4", "Private provision"
    PR5 = "PR5", "Voluntary/third sector provision"


class ReasonEpisodeCeased(models.TextChoices):
    E11 = "E11", "Adopted – application for an adoption order unopposed"
    E12 = "E12", "Adopted – consent dispensed with by the court"
    E13 = (
        "E13",
        "Left care to live with parent(s), relative(s), or other person(s) with no parental responsibility",
    )
    E14 = "E14", "Accommodation on remand ended"
    E15 = "E15", "Age assessment determined child is aged 18 or over"
    E16 = "E16", "Child moved abroad"
    E17 = (
        "E17",
        "Aged 18 (or over) and remained with current carers (inc under staying put arrangements)",
    )
    E2 = "E2", "Died"
    E3 = "E3", "Care taken over by another local authority in the UK"
    E41 = (
        "E41",
        "Residence order (or, from 22 April 2014, a child arrangement order which sets out with whom the child is to live) granted",
    )
    E45 = (
        "E45",
        "Special guardianship order made to former foster carer(s), who was/are a relative(s) or friend(s)",
    )
    E46 = (
        "E46",
        "Special guardianship order made to former foster carer(s), other than relative(s) or friend(s)",
    )
    E47 = (
        "E47",
        "Special guardianship order made to carer(s), other than former foster carer(s), who was/are a relative(s) or friend(s)",
    )
    E48 = (
        "E48",
        "Special guardianship order made to carer(s), other than former foster carer(s), other than relative(s) or friend(s)",
    )
    E4A = (
        "E4A",
        "Returned home to live with parent(s), relative(s), or other person(s) with parental responsibility as part of the care planning process",
    )
    E4B = (
        "E4B",
        "Returned home to live with parent(s), relative(s), or other person(s) with parental responsibility which was not part of the current care planning process",
    )
    E5 = (
        "E5",
        "Moved into independent living arrangement and no longer looked-after: supportive accommodation providing formalised advice/support arrangements",
    )
    E6 = (
        "E6",
        "Moved into independent living arrangement and no longer looked-after: accommodation providing no formalised advice/support arrangements",
    )
    E7 = "E7", "Transferred to residential care funded by adult social care services"
    E8 = "E8", "Period of being looked-after ceased for any other reason"
    E9 = "E9", "Sentenced to custody"
    X1 = "X1", "Episode ceases, and new episode begins on same day, for any reason"


class ReasonPlacementChange(models.TextChoices):
    ALLEG = "ALLEG", "Allegation (s47)"
    APPRR = "APPRR", "Approval removed"
    CARPL = "CARPL", "Change to/implementation of care plan"
    CHILD = "CHILD", "Child requests placement end"
    CLOSE = "CLOSE", "Resignation/closure of provision"
    CREQB = "CREQB", "Carer(s) requests placement end due to child's behaviour"
    CREQO = "CREQO", "Carer(s) requests placement end other than due to child's behaviour"
    CUSTOD = "CUSTOD", "Custody arrangement"
    LAREQ = "LAREQ", "Responsible/area authority requests placement end"
    PLACE = "PLACE", "Change in the status of placement only"
    STAND = "STAND", "Standards of care concern"
    OTHER = "OTHER", "Other"


class MissingType(models.TextChoices):
    MISSING = "M", "Missing (whereabouts unknown)"
    AWAY = "A", "Away from placement without authorisation (whereabouts known)"


class SdqReason(models.TextChoices):
    SDQ1 = (
        "SDQ1",
        "No form returned as child was aged under 4 or over 17 at date of latest assessment",
    )
    SDQ2 = "SDQ2", "Carer(s) refused to complete and return questionnaire"
    SDQ3 = (
        "SDQ3",
        "Not possible to complete the questionnaire due to severity of the child's disability",
    )
    SDQ4 = "SDQ4", "Other"
    SDQ5 = "SDQ5", "Child or young person refuses to allow an SDQ to be completed"


class ReviewParticipation(models.TextChoices):
    PN0 = "PN0", "Child aged under 4 at the time of the review"
    PN1 = "PN1", "Child physically attends and speaks for him or herself"
    PN2 = "PN2", "Child physically attends and an advocate speaks on his or her behalf"
    PN3 = "PN3", "Child attends and conveys his or her view symbolically (non-verbally)"
    PN4 = (
        "PN4",
        "Child physically attends but does not speak for him or herself, does not convey his or her view symbolically (non-verbally) and does not ask an advocate to speak for him or her",
    )
    PN5 = "PN5", "Child does not attend physically but briefs an advocate to speak for him or her"
    PN6 = (
        "PN6",
        "Child does not attend but conveys his or her feelings to the review by a facilitative medium",
    )
    PN7 = "PN7", "Child does not attend nor are his or her views conveyed to the review"


class PreviousPermanence(models.TextChoices):
    P1 = "P1", "Adoption"
    P2 = "P2", "Special guardianship order (SGO)"
    P3 = (
        "P3",
        "Residence order (RO) or child arrangements order (CAO) which sets out with whom the child is to live",
    )
    P4 = "P4", "Unknown"
    Z1 = "Z1", "Child has not previously had a permanence option"


class SocialWorkerChangeReason(models.TextChoices):
    # SSDA903 sw_episodes SW_REASON
    MANAGE = "MANAGE", "Management decision"
    FCONTA = "FCONTA", "First contact with the child"
    LEFTRL = "LEFTRL", "Social worker left the role"
    ORGRST = "ORGRST", "Organisational restructure"
    TSPROC = "TSPROC", "Transfer under the authority's process"
    ABSENC = "ABSENC", "Social worker absence"
    CHCHAN = "CHCHAN", "Child requested a change"
    PCCHAN = "PCCHAN", "Parent or carer requested a change"
    SWDIED = "SWDIED", "Social worker died"
    OTHERS = "OTHERS", "Other"


class SenProvision(models.TextChoices):
    NONE = "N", "No special educational need"
    SEN_SUPPORT = "K", "SEN support"
    EHC_PLAN = "E", "Education, health and care plan"


class SenNeed(models.TextChoices):
    SPLD = "SPLD", "Specific learning difficulty"
    MLD = "MLD", "Moderate learning difficulty"
    SLD = "SLD", "Severe learning difficulty"
    PMLD = "PMLD", "Profound and multiple learning difficulty"
    SEMH = "SEMH", "Social, emotional and mental health"
    SLCN = "SLCN", "Speech, language and communication needs"
    HI = "HI", "Hearing impairment"
    VI = "VI", "Visual impairment"
    MSI = "MSI", "Multi-sensory impairment"
    PD = "PD", "Physical disability"
    ASD = "ASD", "Autistic spectrum disorder"
    OTH = "OTH", "Other difficulty or disability"
    NSA = "NSA", "SEN support but no specialist assessment of type of need"


class Cohort(models.TextChoices):
    LOOKED_AFTER = "looked_after", "Looked after"
    PREVIOUSLY_LOOKED_AFTER = "previously_looked_after", "Previously looked after"
    SOCIAL_WORKER = "social_worker", "Child with a social worker"
    KINSHIP = "kinship", "Kinship care"


class CareLeaverStatus(models.TextChoices):
    NOT_APPLICABLE = "", "Not applicable"
    ELIGIBLE = "eligible", "Eligible (16–17, still looked after)"
    RELEVANT = "relevant", "Relevant (16–17, left care)"
    FORMER_RELEVANT = "former_relevant", "Former relevant (18–25)"
    QUALIFYING = "qualifying", "Qualifying"
