"""Demo people: one account per role (listed in the README) and participants from every region."""
from sqlalchemy import select

from accounts.models import User, UserRole
from accounts.services import hash_password, normalise_email
from core.extensions import db
from core.models import utcnow

DEMO_PASSWORD = "convene-demo"

#: (e-mail, full name, roles, organisation, job title, country, stakeholder group, language). The role accounts
#: of the README's table open the site in English; the people it names in another language show a saved
#: language at work, in each of the six official languages of the United Nations.
DEMO_PEOPLE = [
    ("admin@convene.example", "Convene Administrator", ("administrator", "participant"),
     "Convene", "Platform administrator", "FR", "igo", "en"),
    ("organiser@convene.example", "Amina Diallo", ("organiser", "participant"),
     "UNESCO Secretariat of the 2005 Convention", "Programme specialist", "SN", "igo", "en"),
    ("checkin@convene.example", "Mateo Rojas", ("checkin_staff", "participant"),
     "UNESCO Secretariat of the 2005 Convention", "Events assistant", "CO", "igo", "en"),
    ("beneficiary@convene.example", "Tendai Moyo", ("beneficiary", "participant"),
     "Harare Creative Hub Trust", "Director", "ZW", "civil_society", "en"),
    ("participant@convene.example", "Élodie Tremblay-Nguyễn", ("participant",),
     "Conseil des arts et des lettres du Québec", "Policy adviser", "CA", "government", "en"),
    ("j.lefevre@convene.example", "Jean-Baptiste Lefèvre", ("organiser", "participant"),
     "Ministère de la Culture", "Chargé de mission", "FR", "government", "fr"),
    ("fatima.alzahra@convene.example", "فاطمة الزهراء بنعلي", ("participant",),
     "Association Racines", "Coordinatrice", "MA", "civil_society", "fr"),
    ("tariq.haddad@convene.example", "طارق حداد", ("participant",),
     "Amman Design Week", "Programme manager", "JO", "private_sector", "ar"),
    ("li.jing@convene.example", "李静", ("participant",),
     "Communication University of China", "Associate professor", "CN", "academia", "zh_Hans"),
    ("olena.kovalenko@convene.example", "Олена Коваленко", ("participant",),
     "Ukrainian Cultural Foundation", "Head of international programmes", "UA", "government", "en"),
    ("aigerim.s@convene.example", "Айгерим Сейткали", ("participant",),
     "Kazakh National Conservatory", "Researcher", "KZ", "academia", "ru"),
    ("jose.martinez@convene.example", "José Martínez Ñancupil", ("participant",),
     "Radio Comunitaria Mapuche", "Journalist", "CL", "media", "es"),
    ("ana.ferreira@convene.example", "Ana Lúcia Ferreira", ("participant",),
     "Coletivo Tambores do Recife", "Musician", "BR", "artist", "en"),
    ("ngozi.okonkwo@convene.example", "Ngozi Okonkwo", ("participant",),
     "Lagos Film Collective", "Producer", "NG", "private_sector", "en"),
    ("nguyen.lan@convene.example", "Nguyễn Thị Lan", ("participant",),
     "Viet Nam Institute of Culture and Arts Studies", "Researcher", "VN", "academia", "en"),
    ("mele.tupou@convene.example", "Mele Tupou", ("participant",),
     "Pacific Arts Alliance", "Coordinator", "TO", "civil_society", "en"),
    ("soren.ostergaard@convene.example", "Søren Østergaard", ("participant",),
     "Danish Agency for Culture and Palaces", "Senior adviser", "DK", "government", "en"),
    ("kwame.mensah@convene.example", "Kwame Mensah", ("participant",),
     "Ghana Broadcasting Corporation", "Editor", "GH", "media", "en"),
    ("priya.r@convene.example", "Priya Raghunathan", ("participant",),
     "Sangeet Natak Foundation", "Dancer and teacher", "IN", "artist", "en"),
    ("sato.haruto@convene.example", "佐藤 陽翔", ("participant",),
     "Agency for Cultural Affairs", "Deputy director", "JP", "government", "en"),
    ("maria.gonzalez@convene.example", "María José González", ("participant",),
     "UNESCO Regional Office in Havana", "Culture officer", "CU", "igo", "es"),
    ("youssef.benali@convene.example", "Youssef Ben Ali", ("participant",),
     "Tunisian Cinema Guild", "Director", "TN", "artist", "fr"),
]


def load():
    """Create or refresh the demo people; running it twice changes nothing."""
    password_hash = None
    created = 0
    existing = {user.email: user for user in db.session.scalars(
        select(User).where(User.email.in_([normalise_email(p[0]) for p in DEMO_PEOPLE])))}
    for email, name, roles, organisation, job_title, country, group, locale in DEMO_PEOPLE:
        user = existing.get(email)
        if user is None:
            password_hash = password_hash or hash_password(DEMO_PASSWORD)
            user = User(email=email, password_hash=password_hash, email_confirmed_at=utcnow())
            db.session.add(user)
            created += 1
        user.full_name, user.organisation, user.job_title = name, organisation, job_title
        user.country, user.stakeholder_group, user.locale = country, group, locale
        for role in set(roles) - user.role_names:
            user.roles.append(UserRole(role=role))
    db.session.commit()
    yield f"demo people: {created} created, {len(DEMO_PEOPLE) - created} already there"
