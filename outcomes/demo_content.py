"""Who came to the demo's finished dialogue, and what the demo's people wrote in their surveys.

Kept apart from outcomes/demo.py, which only puts them in the database (as showcase/demo_fair.py does
for the fair's exhibitors).
"""
from outcomes.vocabulary import (ENHANCED_CONNECTIVITY, ENHANCED_SKILLS, IMPROVED_CONSENSUS, NEW_ACTIONS,
                                 NEW_FUNDING, NEW_KNOWLEDGE, NEW_PARTNERSHIPS)

#: The demo people (accounts/demo.py) who also took part in the dialogue, half a year before Bangkok:
#: the constituency across events shows them as returning there.
RETURNING = ["participant@convene.example", "fatima.alzahra@convene.example", "tariq.haddad@convene.example",
             "li.jing@convene.example", "olena.kovalenko@convene.example", "jose.martinez@convene.example",
             "ana.ferreira@convene.example", "ngozi.okonkwo@convene.example", "maria.gonzalez@convene.example",
             "youssef.benali@convene.example", "kwame.mensah@convene.example", "beneficiary@convene.example",
             "priya.r@convene.example", "soren.ostergaard@convene.example"]

#: People seen only at the dialogue: (e-mail, full name, organisation, country, stakeholder group, gender or
#: None when not given). Every region, mostly Latin America and the Caribbean, where it was held.
NEWCOMERS = [
    ("itzel.hernandez@example.org", "Itzel Hernández Cruz", "Secretaría de Cultura", "MX", "government", "woman"),
    ("r.villanueva@example.org", "Rodrigo Villanueva", "Cámara Nacional de la Industria Editorial", "MX",
     "private_sector", "man"),
    ("ximena.quispe@example.org", "Ximena Quispe Mamani", "Red de Radios Comunitarias Andinas", "PE", "media", "woman"),
    ("j.benitez@example.org", "Joaquín Benítez", "Sociedad Uruguaya de Artistas Intérpretes", "UY", "artist", "man"),
    ("mariana.duarte@example.org", "Mariana Duarte Lopes", "Instituto Cultural Paulista", "BR", "civil_society",
     "woman"),
    ("kemar.campbell@example.org", "Kemar Campbell", "Jamaica Music Industry Association", "JM", "private_sector",
     "man"),
    ("valentina.rojas@example.org", "Valentina Rojas Ortega", "Universidad de Chile", "CL", "academia", "woman"),
    ("wilner.jb@example.org", "Wilner Jean-Baptiste", "Ministère de la Culture et de la Communication", "HT",
     "government", "man"),
    ("camila.arguello@example.org", "Camila Argüello", "Fundación Nuevo Periodismo", "CO", "civil_society", "woman"),
    ("d.sanchez@example.org", "Daniel Sánchez Ruiz", "Plataforma Cine Abierto", "AR", "private_sector", None),
    ("aminata.traore@example.org", "Aminata Traoré", "Bureau malien du droit d'auteur", "ML", "government", "woman"),
    ("thabo.nkosi@example.org", "Thabo Nkosi", "South African Cultural Observatory", "ZA", "academia", "man"),
    ("wanjiru.kamau@example.org", "Wanjiru Kamau", "Kenya Film Commission", "KE", "government", "woman"),
    ("chidi.eze@example.org", "Chidi Eze", "Nollywood Producers Guild", "NG", "private_sector", "man"),
    ("fatou.sarr@example.org", "Fatou Sarr", "Radio Futurs Médias", "SN", "media", "woman"),
    ("rana.khatib@example.org", "رنا الخطيب", "Beirut Digital Arts Lab", "LB", "private_sector", "woman"),
    ("m.elalaoui@example.org", "محمد العلوي", "Ministère de la Jeunesse, de la Culture et de la Communication", "MA",
     "government", "man"),
    ("nour.abdelrahman@example.org", "نور عبد الرحمن", "Cairo Independent Publishers", "EG", "civil_society", "woman"),
    ("salem.kaabi@example.org", "سالم الكعبي", "Department of Culture and Tourism", "AE", "government", None),
    ("kim.minji@example.org", "김민지", "Korea Creative Content Agency", "KR", "government", "woman"),
    ("arjun.mehta@example.org", "Arjun Mehta", "Mumbai Independent Musicians' Collective", "IN", "artist", "man"),
    ("dewi.putri@example.org", "Dewi Lestari Putri", "Jakarta Creative Hub", "ID", "civil_society", "woman"),
    ("losana.v@example.org", "Losana Vuniwaqa", "Fiji Arts Council", "FJ", "government", "woman"),
    ("wang.lei@example.org", "王磊", "Shanghai Academy of Social Sciences", "CN", "academia", "man"),
    ("bui.minhduc@example.org", "Bùi Minh Đức", "Viet Nam Cinema Department", "VN", "government", "man"),
    ("claire.dubois@example.org", "Claire Dubois", "Coalition française pour la diversité culturelle", "FR",
     "civil_society", "woman"),
    ("markus.lindqvist@example.org", "Markus Lindqvist", "Swedish Arts Council", "SE", "government", "man"),
    ("sarah.oconnor@example.org", "Sarah O'Connor", "Canadian Independent Music Association", "CA",
     "private_sector", "woman"),
    ("tomasz.nowak@example.org", "Tomasz Nowak", "Polish Film Institute", "PL", "government", "man"),
    ("giulia.romano@example.org", "Giulia Romano", "Università di Bologna", "IT", "academia", "woman"),
    ("nino.beridze@example.org", "ნინო ბერიძე", "Georgian National Film Center", "GE", "government", "woman"),
    ("ahmet.yilmaz@example.org", "Ahmet Yılmaz", "İstanbul Bilgi Üniversitesi", "TR", "academia", "man"),
    ("alex.rivera@example.org", "Alex Rivera Solís", "Colectivo Arte Diverso", "CR", "artist", "other"),
    ("jordan.baptiste@example.org", "Jordan Baptiste", "Caribbean Journalists Network", "TT", "media", "undisclosed"),
    ("lucia.fernandez@example.org", "Lucía Fernández", "Radio Nacional", "AR", "media", "woman"),
    ("kofi.asante@example.org", "Kofi Asante", "Ghana Music Rights Organisation", "GH", "civil_society", "man"),
]
#: Their places given back in the last days (after registration closed, so nobody waiting was offered them).
CANCELLED = ["kwame.mensah@convene.example", "d.sanchez@example.org", "salem.kaabi@example.org",
             "tomasz.nowak@example.org"]
#: The last to register, once it was full: they were still waiting when it began.
WAITING = ["jordan.baptiste@example.org", "lucia.fernandez@example.org", "kofi.asante@example.org"]

#: The demo people's genders, as they gave them on registration forms (accounts carry none).
GENDERS = {
    "participant@convene.example": "woman", "beneficiary@convene.example": "undisclosed",
    "fatima.alzahra@convene.example": "woman", "tariq.haddad@convene.example": "man",
    "li.jing@convene.example": "woman", "olena.kovalenko@convene.example": "woman",
    "aigerim.s@convene.example": "woman", "jose.martinez@convene.example": "man",
    "ana.ferreira@convene.example": "woman", "ngozi.okonkwo@convene.example": "woman",
    "nguyen.lan@convene.example": "woman", "mele.tupou@convene.example": "woman",
    "soren.ostergaard@convene.example": "man", "kwame.mensah@convene.example": "man",
    "priya.r@convene.example": "woman", "sato.haruto@convene.example": "man",
    "maria.gonzalez@convene.example": "woman", "youssef.benali@convene.example": "man",
}

#: Per kind of event, how likely each score 1–5 is for each outcome: a workshop builds knowledge and skills,
#: a dialogue consensus and contacts; neither brings much funding.
SCORE_WEIGHTS = {
    "workshop": {NEW_KNOWLEDGE: (0, 0, 1, 5, 6), ENHANCED_SKILLS: (0, 1, 1, 6, 4),
                 IMPROVED_CONSENSUS: (0, 2, 5, 4, 1), ENHANCED_CONNECTIVITY: (0, 1, 4, 5, 2),
                 NEW_ACTIONS: (0, 1, 3, 6, 2), NEW_PARTNERSHIPS: (1, 4, 4, 2, 1), NEW_FUNDING: (4, 5, 2, 1, 0)},
    "dialogue": {NEW_KNOWLEDGE: (0, 1, 4, 6, 2), ENHANCED_SKILLS: (1, 4, 5, 2, 1),
                 IMPROVED_CONSENSUS: (0, 1, 2, 6, 5), ENHANCED_CONNECTIVITY: (0, 0, 2, 5, 6),
                 NEW_ACTIONS: (0, 2, 5, 5, 1), NEW_PARTNERSHIPS: (0, 2, 4, 5, 2), NEW_FUNDING: (3, 5, 3, 1, 0)},
    "follow_up": {NEW_ACTIONS: (0, 1, 3, 4, 2), NEW_PARTNERSHIPS: (1, 2, 3, 3, 1), NEW_FUNDING: (3, 3, 2, 1, 0)},
}

#: Comments on a score, in the order the answers are written: (outcome, score, comment).
BANGKOK_COMMENTS = [
    (NEW_KNOWLEDGE, 5, "The session on satellite accounts finally made the framework concrete for our office."),
    (ENHANCED_SKILLS, 4, "J'ai appris à construire un tableau de l'emploi culturel à partir de l'enquête "
                         "sur les forces de travail."),
    (NEW_FUNDING, 1, "No funding opportunities were presented; a session with donors would help."),
    (IMPROVED_CONSENSUS, 3, "各国对文化就业的定义仍然不同，需要更多讨论。"),
    (ENHANCED_SKILLS, 5, "Phần thực hành rất hữu ích, tôi sẽ áp dụng ngay tại viện."),
    (ENHANCED_CONNECTIVITY, 4, "統計局の方々と今後も情報交換を続ける予定です。"),
    (NEW_ACTIONS, 4, "Мы включим показатели культуры в следующий отчёт по Конвенции."),
    (NEW_PARTNERSHIPS, 2, "Interesting contacts, but too early to speak of a partnership."),
    (NEW_KNOWLEDGE, 4, "Très bonne présentation des enquêtes de participation culturelle."),
    (NEW_ACTIONS, 5, "We will pilot a cultural participation module in the 2027 household survey."),
    (ENHANCED_CONNECTIVITY, 5, "ได้พบเพื่อนร่วมงานจากสำนักงานสถิติของหลายประเทศในภูมิภาค"),
]
DIALOGUE_COMMENTS = [
    (IMPROVED_CONSENSUS, 5, "Por primera vez, plataformas y sociedades de autores hablaron de remuneración en la "
                            "misma mesa."),
    (ENHANCED_CONNECTIVITY, 5, "I now have contacts in three regulators I could never reach before."),
    (NEW_FUNDING, 1, "Aucune piste de financement : c'était un dialogue, pas une table ronde de bailleurs."),
    (NEW_PARTNERSHIPS, 4, "نعمل الآن مع شبكة من أمريكا اللاتينية على دراسة مشتركة حول المنصات الرقمية."),
    (NEW_KNOWLEDGE, 4, "A discussão sobre algoritmos de recomendação e conteúdo local foi muito esclarecedora."),
    (ENHANCED_SKILLS, 2, "More a dialogue than training, which was fine: skills were not the point."),
    (NEW_ACTIONS, 4, "Vamos proponer una cuota de visibilidad para contenidos nacionales en la ley de medios."),
    (IMPROVED_CONSENSUS, 4, "Les positions restent éloignées sur la fiscalité des plateformes, mais le texte "
                            "commun est un vrai pas."),
    (ENHANCED_CONNECTIVITY, 4, "디지털 플랫폼 담당자들과 지속적인 네트워크가 생겼습니다."),
]
FOLLOW_UP_COMMENTS = [
    (NEW_ACTIONS, 5, "Our ministry drafted a regulation on discoverability of local content, inspired by the "
                     "dialogue's commitments."),
    (NEW_PARTNERSHIPS, 4, "Hemos firmado un acuerdo con una sociedad de gestión uruguaya para compartir datos."),
    (NEW_FUNDING, 3, "Un petit financement de l'OIF pour une étude, obtenu grâce à un contact du dialogue."),
    (NEW_ACTIONS, 3, "We started a working group, but it is slow."),
    (NEW_PARTNERSHIPS, 2, "Nothing formal yet."),
]
#: The organisers' own questions: Bangkok asks which session helped most; the dialogue what to discuss next.
BANGKOK_CHOICE = "Which session was most useful to you?"
DIALOGUE_NEXT = "What should the next dialogue discuss?"
DIALOGUE_NEXT_ANSWERS = [
    "Artificial intelligence and authors' rights.",
    "La fiscalidad de las plataformas y cómo financiar la producción local.",
    "Les quotas de diffusion à l'ère du streaming.",
    "Data: platforms should share viewing figures by country.",
    "حماية الفنانين على الإنترنت",
    "Fair remuneration of session musicians and translators.",
]
