"""Who registers in the registration benchmark: shared by the data it builds (bench/registration_data.py)
and the load generator (bench/register_load.py), which imports nothing of the app so that it runs
whatever state the app's packages are in, and costs the shared CPU as little as it can.
"""

PASSWORD = "bench-password"
NAMES = ["Élodie Lefèvre", "Jean-Baptiste Ndiaye", "فاطمة الزهراء", "يوسف بن علي", "李静", "王芳", "佐藤陽翔",
         "山本さくら", "Олена Коваленко", "Дмитрий Соколов", "José Martínez", "Ngozi Okonkwo", "Nguyễn Thị Lan",
         "Søren Østergaard", "Priya Raghunathan", "Mele Tupou", "Ana Lúcia Ferreira", "Kwame Mensah",
         "Aigerim Seitkali", "Moussa Traoré"]
ORGANISATIONS = ["Ministère de la Culture", "Arts Council", "مؤسسة الثقافة", "文化研究所", "Creative Hub Lagos",
                 "Radio Comunitaria", "Université de Dakar", "Музей современного искусства", "Film Collective"]
#: Keys of core.vocabularies.STAKEHOLDER_GROUPS.
GROUPS = ["government", "civil_society", "private_sector", "media", "academia", "igo", "artist"]
COUNTRIES = ["FR", "SN", "KE", "CO", "TN", "VN", "BR", "IN", "JP", "UA", "NG", "CL", "DK", "MA", "JO", "GH", "CN",
             "TO", "KZ", "ML"]

#: Keys of registration.models.GENDERS, and "" for "not given": a browser sends the select's value either way.
GENDERS = ["woman", "man", "other", "undisclosed", ""]

#: Codes of core.vocabularies.SPOKEN_LANGUAGES: the boxes ticked under "Languages spoken".
LANGUAGES = [["en"], ["fr"], ["en", "fr"], ["ar", "fr"], ["es"], ["zh", "en"], ["ru"], []]


def rush_email(number: int) -> str:
    """The e-mail of the rush's person `number`, counted from 0."""
    return f"bench-rush-{number:05d}@example.org"


def typed(number: int) -> dict:
    """What person `number` enters in the registration form (or the bulk insert writes for them)."""
    return {"full_name": f"{NAMES[number % len(NAMES)]} {number}",
            "organisation": ORGANISATIONS[number % len(ORGANISATIONS)],
            "job_title": "Programme officer" if number % 3 else "",
            "stakeholder_group": GROUPS[number % len(GROUPS)], "country": COUNTRIES[(number * 7) % len(COUNTRIES)],
            "gender": GENDERS[number % len(GENDERS)], "languages": LANGUAGES[number % len(LANGUAGES)],
            "accessibility_needs": "Step-free access" if number % 40 == 0 else "",
            "dietary_requirements": "Vegetarian" if number % 6 == 0 else ""}
