"""The demo events' content in their other working languages (core.multilingual): the Paris conference in
French and Spanish, the Tunis dialogue in Arabic (its first language), French and English, the Beijing
training in Chinese and English, the Almaty workshop in Russian and English, and a few shorter ones.

Keys are the texts in the event's first language, as events/demo.py writes them in the columns.
"""

#: Event slug -> {language: {field: text}} for the languages after the first.
EVENT_TEXTS = {
    "global-forum-cultural-policies-2027": {
        "fr": {"title": "Forum mondial sur les politiques culturelles 2027",
               "summary": "Trois jours pour que les Parties, la société civile et les experts fassent le point sur "
                          "les réformes des politiques culturelles menées au titre de la Convention de 2005.",
               "description": "Le Forum réunit **ministères de la culture**, organisations de la société civile, "
                              "artistes, chercheurs et secteur privé pour partager ce qui fonctionne dans les "
                              "politiques en faveur des secteurs créatifs.\n\n- Des plénières sur chacun des quatre "
                              "objectifs de la Convention\n- Des tables rondes et des ateliers dans quatre salles\n"
                              "- Un parcours d'échange entre pairs pour les bénéficiaires du FIDC\n\nLes documents "
                              "de référence sont sur le [site de la Convention]"
                              "(https://www.unesco.org/creativity/fr)."},
        "es": {"title": "Foro Mundial sobre Políticas Culturales 2027",
               "summary": "Tres días para que las Partes, la sociedad civil y los expertos hagan balance de las "
                          "reformas de las políticas culturales emprendidas en el marco de la Convención de 2005.",
               "description": "El Foro reúne a **ministerios de cultura**, organizaciones de la sociedad civil, "
                              "artistas, investigadores y el sector privado para compartir lo que funciona en las "
                              "políticas para los sectores creativos.\n\n- Plenarias sobre cada uno de los cuatro "
                              "objetivos de la Convención\n- Mesas redondas y talleres en cuatro salas\n- Un "
                              "itinerario de intercambio entre pares para los beneficiarios del FIDC\n\nLos "
                              "documentos de referencia están en el [sitio web de la Convención]"
                              "(https://www.unesco.org/creativity/es)."},
    },
    "dialogue-artistic-freedom-tunis": {
        "fr": {"title": "Dialogue multipartite sur la liberté artistique",
               "summary": "Gouvernements, syndicats d'artistes, médias et société civile des États arabes sur la "
                          "protection des artistes.",
               "description": "Un dialogue animé, en présentiel à Tunis et en ligne."},
        "en": {"title": "Multi-stakeholder dialogue on artistic freedom",
               "summary": "Government, artists' unions, media and civil society of the Arab States on protecting "
                          "artists.",
               "description": "A facilitated dialogue, in person in Tunis and online."},
    },
    "training-cultural-industries-statistics-beijing-2027": {
        "en": {"title": "Training on statistics of the cultural and creative industries",
               "summary": "Three days for provincial culture departments and statistics offices in China on "
                          "measuring the cultural and creative industries, as the 2005 Convention's periodic "
                          "reports ask.",
               "description": "Hands-on sessions based on the UNESCO Framework for Cultural Statistics: satellite "
                              "accounts for culture, data on cultural employment, and gathering the figures the "
                              "Convention's periodic reports need."},
    },
    "regional-workshop-periodic-reports-almaty-2027": {
        "en": {"title": "Regional workshop on the periodic reports under the 2005 Convention",
               "summary": "Three days for ministries of culture and civil society of Central Asia to prepare their "
                          "quadrennial periodic reports on protecting and promoting the diversity of cultural "
                          "expressions.",
               "description": "Practical sessions on the report form, on gathering data and on involving civil "
                              "society, with experts of the Convention and exchanges between countries."},
    },
    "workshop-status-of-the-artist-dakar": {
        "fr": {"title": "Atelier sur le statut de l'artiste",
               "summary": "Deux jours pour rédiger des mesures de protection sociale des artistes, avec des "
                          "ministères d'Afrique de l'Ouest.",
               "description": "Rédaction en petits groupes, avec des juristes."},
    },
    "expert-visit-bogota-creative-economy": {
        "es": {"title": "Visita de experto: medir la economía creativa en Bogotá",
               "summary": "Una experta del mecanismo de la Convención ayuda al ministerio de cultura de Colombia a "
                          "diseñar estadísticas de la economía creativa.",
               "description": "Reuniones con el ministerio, la oficina de estadística y las autoridades de la "
                              "ciudad."},
    },
}

#: The Paris conference's rooms, tracks and sessions (the titles without their "(2)", "(3)" of later days).
NAMES = {
    "Room I": {"fr": "Salle I", "es": "Sala I"},
    "Room II": {"fr": "Salle II", "es": "Sala II"},
    "Room IV": {"fr": "Salle IV", "es": "Sala IV"},
    "Fontenoy Hall": {"fr": "Salle Fontenoy", "es": "Sala Fontenoy"},
    "Governance": {"fr": "Gouvernance", "es": "Gobernanza"},
    "Mobility and trade": {"fr": "Mobilité et échanges", "es": "Movilidad y comercio"},
    "Sustainable development": {"fr": "Développement durable", "es": "Desarrollo sostenible"},
    "Artistic freedom": {"fr": "Liberté artistique", "es": "Libertad artística"},
    "Opening plenary: twenty years of the 2005 Convention": {
        "fr": "Plénière d'ouverture : vingt ans de la Convention de 2005",
        "es": "Plenaria de apertura: veinte años de la Convención de 2005"},
    "Public funding models for the arts": {"fr": "Modèles de financement public des arts",
                                           "es": "Modelos de financiación pública de las artes"},
    "Digital platforms and local content": {"fr": "Plateformes numériques et contenus locaux",
                                            "es": "Plataformas digitales y contenidos locales"},
    "Culture in national development plans": {"fr": "La culture dans les plans nationaux de développement",
                                              "es": "La cultura en los planes nacionales de desarrollo"},
    "Protecting artists at risk": {"fr": "Protéger les artistes en danger", "es": "Proteger a los artistas en riesgo"},
    "Designing cultural statistics": {"fr": "Concevoir des statistiques culturelles",
                                      "es": "Diseñar estadísticas culturales"},
    "Fair trade in cultural goods": {"fr": "Un commerce équitable des biens culturels",
                                     "es": "Comercio justo de bienes culturales"},
    "Creative hubs and local economies": {"fr": "Pôles créatifs et économies locales",
                                          "es": "Centros creativos y economías locales"},
    "Gender equality in the creative sectors": {"fr": "L'égalité des genres dans les secteurs créatifs",
                                                "es": "La igualdad de género en los sectores creativos"},
    "Peer exchange: status of the artist laws": {
        "fr": "Échange entre pairs : les lois sur le statut de l'artiste",
        "es": "Intercambio entre pares: leyes sobre la condición del artista"},
    "Peer exchange: mobility funds": {"fr": "Échange entre pairs : les fonds de mobilité",
                                      "es": "Intercambio entre pares: fondos de movilidad"},
    "Peer exchange: IFCD projects": {"fr": "Échange entre pairs : les projets du FIDC",
                                     "es": "Intercambio entre pares: proyectos del FIDC"},
    "Peer exchange: media diversity": {"fr": "Échange entre pairs : la diversité des médias",
                                       "es": "Intercambio entre pares: la diversidad de los medios"},
    "Closing plenary: commitments for 2030": {"fr": "Plénière de clôture : les engagements pour 2030",
                                              "es": "Plenaria de clausura: compromisos para 2030"},
    "Lunch break": {"fr": "Pause déjeuner", "es": "Pausa para el almuerzo"},
    "Speakers share experience from their countries, then questions.": {
        "fr": "Les intervenants partagent l'expérience de leur pays, puis répondent aux questions.",
        "es": "Los ponentes comparten la experiencia de sus países y luego responden a las preguntas."},
}

#: The room of the shorter events, and their one session a day ("{title}: day {number}"), in each language.
MAIN_ROOM = {"en": "Main room", "fr": "Salle principale", "es": "Sala principal", "ar": "القاعة الرئيسية",
             "zh": "主会场", "ru": "Главный зал"}
DAY_TITLE = {"en": "{title}: day {number}", "fr": "{title} : jour {number}", "es": "{title}: día {number}",
             "ar": "{title}: اليوم {number}", "zh": "{title}：第{number}天", "ru": "{title}: день {number}"}


def names_in(name: str, languages: list[str]) -> dict[str, str]:
    """A room's, track's or session's text in the event's other working languages that the demo has."""
    base, _, day = name.partition(" (")
    texts = NAMES.get(base, {})
    return {language: f"{texts[language]} ({day}" if day else texts[language]
            for language in languages[1:] if language in texts}
