"""The demo knowledge fair's exhibitors: 24 IFCD beneficiaries from every UNESCO region.

Names and projects are invented, in the manner of IFCD-funded projects; none is a real organisation.
(name, kind, country, project code, title, funding, call, year, domains, SDGs, summary, pitch)
"""

EXHIBITORS = [
    # Africa
    ("Association Culturelle Sahel", "ngo", "BF", "2019-1234", "Strengthening the music value chain in Burkina Faso",
     95000, 10, 2019, ["music"], [8], "Training for 60 music producers and managers, and a national register of "
     "music professionals.", "Meet the producers behind Ouagadougou's new studios and hear what they record."),
    ("Kenya Film Makers Guild", "ngo", "KE", "2020-3310", "Distribution circuits for Kenyan independent film",
     88000, 11, 2020, ["audiovisual"], [8, 9], "A network of 14 community screening venues and an online catalogue.",
     "We look for partners to take the circuit to Uganda and Tanzania."),
    ("Ministry of Culture of Senegal", "public_body", "SN", "2018-2077", "A cultural statistics unit for Senegal",
     72000, 9, 2018, ["multidisciplinary"], [16, 17], "A statistics unit and the first survey of the cultural "
     "workforce.", "See how three years of data changed the national culture budget."),
    ("Maison des Éditeurs de Kinshasa", "ngo", "CD", "2021-6650", "Publishing in national languages",
     64000, 12, 2021, ["publishing"], [4, 8], "Forty books in Lingala, Swahili, Kikongo and Tshiluba.",
     "Leaf through our books and meet the translators."),
    ("Harare Creative Hub Trust", "ngo", "ZW", "2017-4521", "Mapping the music industry of Zimbabwe for better "
     "policies", 82400, 8, 2017, ["music"], [8, 16], "A national survey of musicians, studios and venues.",
     "The survey behind Zimbabwe's music strategy, and what other countries can take from it."),
    # Arab States
    ("Tunisian Association for Digital Arts", "ngo", "TN", "2019-2455", "Digital arts incubator in Sfax",
     90000, 10, 2019, ["media_arts"], [8, 9], "An incubator for 25 young digital artists.",
     "Try our artists' interactive works and talk about residencies."),
    ("Arab Cinema Network", "ingo", "JO", "2016-1187", "Training young film critics in the Arab region",
     76000, 7, 2016, ["audiovisual"], [4, 5], "Workshops for 40 critics in Amman, Beirut and Rabat.",
     "Meet critics who now write for the region's main festivals."),
    ("Ministry of Culture of Morocco", "public_body", "MA", "2020-5524", "Status of the artist: a law and its "
     "decrees", 98000, 11, 2020, ["multidisciplinary"], [8, 16], "Consultations that led to the artist card and "
     "social protection.", "How the artist card came about, from consultations to the decree."),
    ("Palestinian Performing Arts Network", "ngo", "PS", "2022-8120", "Touring theatre for children",
     55000, 13, 2022, ["performing_arts"], [4, 10], "A touring company visiting 60 schools.",
     "Watch excerpts and talk with us about co-productions."),
    ("Mauritanian Crafts and Design Collective", "ngo", "MR", "2021-6931", "Design for traditional leather crafts",
     47000, 12, 2021, ["design"], [5, 8], "Design training for 80 women artisans.",
     "Handle the new collection and meet the designers."),
    # Asia and the Pacific
    ("Hanoi Contemporary Arts Centre", "ngo", "VN", "2018-2901", "Curators for Viet Nam's visual arts",
     69000, 9, 2018, ["visual_arts"], [4, 8], "A curatorial school with 30 graduates.",
     "Meet the curators of Hanoi's independent spaces."),
    ("Cambodian Living Arts", "ngo", "KH", "2017-4402", "Cultural entrepreneurship for young artists",
     91000, 8, 2017, ["performing_arts", "music"], [4, 8], "Business training for 120 young artists.",
     "Young artists who run their own companies tell how."),
    ("Mongolian Film Institute", "public_body", "MN", "2019-2388", "Film policy for Mongolia", 58000, 10, 2019,
     ["audiovisual"], [8, 16], "A film law drafted with the profession.", "From draft to law in two years."),
    ("Pacific Islands Music Alliance", "ingo", "FJ", "2020-3467", "Collective management for Pacific musicians",
     84000, 11, 2020, ["music"], [8, 17], "A collecting society shared by five island states.",
     "How five small states share one collecting society."),
    ("Kathmandu Book Foundation", "ngo", "NP", "2022-8277", "Children's books in Nepal's languages", 52000, 13, 2022,
     ["publishing"], [4], "Sixty picture books in eight languages.", "Read our picture books with us."),
    # Europe and North America
    ("Georgian Arts and Culture Center", "ngo", "GE", "2016-1345", "Creative industries mapping in Georgia",
     66000, 7, 2016, ["multidisciplinary"], [8, 11], "The first map of Georgia's creative industries.",
     "The mapping method, and the policies that came of it."),
    ("Serbian Design Association", "ngo", "RS", "2021-6712", "Design for small manufacturers", 61000, 12, 2021,
     ["design"], [9, 12], "Design vouchers for 45 small manufacturers.", "Before and after: products redesigned."),
    ("Moldovan Independent Theatre", "ngo", "MD", "2023-9041", "Theatre in rural Moldova", 49000, 14, 2023,
     ["performing_arts"], [10, 11], "Touring productions in 30 villages.", "Meet our actors and our audiences."),
    ("Bosnian Film Academy", "ngo", "BA", "2019-2521", "Film school for young producers", 73000, 10, 2019,
     ["audiovisual"], [4, 8], "A producers' course with 24 graduates.", "Our graduates' films and how they were "
     "financed."),
    # Latin America and the Caribbean
    ("Fundación Cultural Andina", "ngo", "PE", "2018-2644", "Indigenous musicians' rights in the Andes",
     87000, 9, 2018, ["music"], [10, 16], "Rights training for 200 indigenous musicians.",
     "Listen to the recordings and learn how rights now reach the artists."),
    ("Colectivo Editorial Caribe", "ngo", "CU", "2020-5099", "Independent publishing in Cuba", 54000, 11, 2020,
     ["publishing"], [4, 8], "A distribution network for 12 independent publishers.", "Books, and the network "
     "that brings them to readers."),
    ("Jamaica Music Industry Council", "ngo", "JM", "2017-4790", "Export strategy for Jamaican music", 79000, 8,
     2017, ["music"], [8, 17], "An export office and trade missions.", "Meet the export office and book a "
     "session with its managers."),
    ("Ministerio de Cultura de Colombia", "public_body", "CO", "2022-8345", "Cultural and creative economy "
     "statistics", 99000, 13, 2022, ["multidisciplinary"], [8, 17], "A satellite account for culture.",
     "The satellite account explained, table by table."),
    ("Haitian Visual Arts Foundation", "ngo", "HT", "2021-6888", "Artists' studios in Jacmel", 46000, 12, 2021,
     ["visual_arts"], [8, 11], "Shared studios for 35 artists.", "See the works made in the Jacmel studios."),
]

#: Pitches the exhibitors wrote in French too, the fair's second working language (approved with the English).
FRENCH_PITCHES = {
    "Association Culturelle Sahel": "Rencontrez les producteurs qui font vivre les nouveaux studios de Ouagadougou "
                                    "et écoutez ce qu'ils enregistrent.",
    "Ministry of Culture of Senegal": "Découvrez comment trois années de données ont changé le budget national de la "
                                      "culture.",
    "Maison des Éditeurs de Kinshasa": "Feuilletez nos livres et rencontrez les traducteurs.",
    "Harare Creative Hub Trust": "L'enquête qui a fondé la stratégie musicale du Zimbabwe, et ce que d'autres pays "
                                 "peuvent en retenir.",
    "Tunisian Association for Digital Arts": "Essayez les œuvres interactives de nos artistes et parlons de "
                                             "résidences.",
    "Ministry of Culture of Morocco": "Comment est née la carte d'artiste, des consultations jusqu'au décret.",
}
