"""The States that may be Parties at a UNESCO meeting, and their official short names in meeting documents.

Which States: the 193 Member States of the United Nations, the UN's two non-member observer States (Holy See,
State of Palestine), and the two UNESCO Member States that are not UN members (Cook Islands, Niue): 197 in
all. UNESCO's own roll of Member States is not used as such because it changes with withdrawals and returns
(Israel left in 2019; the United States left, came back in 2023 and leaves again), while a State that is not a
UNESCO Member may still be a Party to a UNESCO convention and sit at its meetings. UNESCO's Associate Members
(territories such as Aruba, Curaçao, the Faroe Islands or Macao, China) are not States and are left out:
they come to meetings as observers, by their organisation. Territories Babel lists as countries
(Antarctica, Canary Islands, Ceuta & Melilla, Diego Garcia, Hong Kong, Taiwan…) are not Parties either.
Codes are ISO 3166-1 alpha-2.

Names: the United Nations' official short names (UNTERM, the list the UN Protocol and Liaison Service
publishes) override Babel/CLDR's everyday names where the two differ. Overrides are given for English,
French and Spanish for every State whose UN name differs from CLDR's; for Russian, Chinese and Arabic only
for the States whose UN name is politically marked (the long forms of Korea, Iran, Syria, the Congos, the
United Kingdom, the Holy See, the State of Palestine…) — the other names in those languages are CLDR's.
core.vocabularies applies these names everywhere a country is named, so every page agrees.
"""

#: The 193 Member States of the United Nations.
UN_MEMBER_STATES = frozenset("""
AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG BF BI CV KH CM CA CF TD CL CN CO KM
CG CR CI HR CU CY CZ KP CD DK DJ DM DO EC EG SV GQ ER EE SZ ET FJ FI FR GA GM GE DE GH GR GD GT GN GW GY HT HN HU
IS IN ID IR IQ IE IL IT JM JP JO KZ KE KI KW KG LA LV LB LS LR LY LI LT LU MG MW MY MV ML MT MH MR MU MX FM MC MN
ME MA MZ MM NA NR NP NL NZ NI NE NG MK NO OM PK PW PA PG PY PE PH PL PT QA KR MD RO RU RW KN LC VC WS SM ST SA SN
RS SC SL SG SK SI SB SO ZA SS ES LK SD SR SE CH SY TJ TH TL TG TO TT TN TR TM TV UG UA AE GB TZ US UY UZ VU VE VN
YE ZM ZW""".split())
#: The non-member States the UN General Assembly has as permanent observers.
UN_OBSERVER_STATES = frozenset({"VA", "PS"})
#: Member States of UNESCO that are not members of the United Nations.
UNESCO_ONLY_MEMBER_STATES = frozenset({"CK", "NU"})
#: Every State that may be a Party at a meeting.
STATES = UN_MEMBER_STATES | UN_OBSERVER_STATES | UNESCO_ONLY_MEMBER_STATES

#: Language (ISO 639-1) -> code -> the UN's short name, where it is not CLDR's.
OFFICIAL_NAMES = {
    "en": {
        "AG": "Antigua and Barbuda", "BA": "Bosnia and Herzegovina", "BO": "Bolivia (Plurinational State of)",
        "BN": "Brunei Darussalam", "CV": "Cabo Verde", "CG": "Congo", "CD": "Democratic Republic of the Congo",
        "KP": "Democratic People’s Republic of Korea", "FM": "Micronesia (Federated States of)",
        "IR": "Iran (Islamic Republic of)", "LA": "Lao People’s Democratic Republic", "MM": "Myanmar",
        "NL": "Netherlands (Kingdom of the)", "KR": "Republic of Korea", "MD": "Republic of Moldova",
        "RU": "Russian Federation", "KN": "Saint Kitts and Nevis", "LC": "Saint Lucia",
        "VC": "Saint Vincent and the Grenadines", "ST": "Sao Tome and Principe", "SY": "Syrian Arab Republic",
        "TT": "Trinidad and Tobago", "GB": "United Kingdom of Great Britain and Northern Ireland",
        "TZ": "United Republic of Tanzania", "US": "United States of America",
        "VE": "Venezuela (Bolivarian Republic of)", "VN": "Viet Nam", "VA": "Holy See", "PS": "State of Palestine",
    },
    "fr": {
        "BY": "Bélarus", "BO": "Bolivie (État plurinational de)", "BN": "Brunéi Darussalam", "CV": "Cabo Verde",
        "CG": "Congo", "CD": "République démocratique du Congo", "KP": "République populaire démocratique de Corée",
        "KR": "République de Corée", "SV": "El Salvador", "FM": "Micronésie (États fédérés de)",
        "IR": "Iran (République islamique d’)", "IQ": "Iraq", "KG": "Kirghizistan",
        "LA": "République démocratique populaire lao", "MD": "République de Moldova", "MM": "Myanmar",
        "NL": "Pays-Bas (Royaume des)", "RU": "Fédération de Russie", "KN": "Saint-Kitts-et-Nevis",
        "SY": "République arabe syrienne", "TL": "Timor-Leste", "TR": "Türkiye",
        "GB": "Royaume-Uni de Grande-Bretagne et d’Irlande du Nord", "TZ": "République-Unie de Tanzanie",
        "US": "États-Unis d’Amérique", "VE": "Venezuela (République bolivarienne du)", "VN": "Viet Nam",
        "VA": "Saint-Siège", "PS": "État de Palestine",
    },
    "es": {
        "BH": "Bahrein", "BD": "Bangladesh", "BY": "Belarús", "BJ": "Benin", "BO": "Bolivia (Estado Plurinacional de)",
        "BW": "Botswana", "BN": "Brunei Darussalam", "CI": "Côte d’Ivoire", "KP": "República Popular Democrática de Corea",
        "KR": "República de Corea", "DJ": "Djibouti", "SZ": "Eswatini", "FJ": "Fiji", "GW": "Guinea-Bissau",
        "IR": "Irán (República Islámica del)", "IQ": "Iraq", "KE": "Kenya", "LA": "República Democrática Popular Lao",
        "LS": "Lesotho", "MW": "Malawi", "FM": "Micronesia (Estados Federados de)", "MD": "República de Moldova",
        "MM": "Myanmar", "NL": "Países Bajos (Reino de los)", "QA": "Qatar", "RU": "Federación de Rusia",
        "RW": "Rwanda", "RO": "Rumania", "SA": "Arabia Saudita", "SR": "Suriname", "SY": "República Árabe Siria",
        "TZ": "República Unida de Tanzanía", "TR": "Türkiye",
        "GB": "Reino Unido de Gran Bretaña e Irlanda del Norte", "US": "Estados Unidos de América",
        "VE": "Venezuela (República Bolivariana de)", "VN": "Viet Nam", "ZW": "Zimbabwe", "VA": "Santa Sede",
        "PS": "Estado de Palestina",
    },
    "ru": {
        "KP": "Корейская Народно-Демократическая Республика", "RU": "Российская Федерация",
        "IR": "Иран (Исламская Республика)", "BO": "Боливия (Многонациональное Государство)",
        "VE": "Венесуэла (Боливарианская Республика)", "SY": "Сирийская Арабская Республика",
        "LA": "Лаосская Народно-Демократическая Республика", "MD": "Республика Молдова",
        "TZ": "Объединенная Республика Танзания", "GB": "Соединенное Королевство Великобритании и Северной Ирландии",
        "US": "Соединенные Штаты Америки", "VA": "Святейший Престол", "PS": "Государство Палестина",
        "CD": "Демократическая Республика Конго", "CG": "Конго", "MM": "Мьянма",
        "FM": "Микронезия (Федеративные Штаты)",
    },
    "zh": {
        "KR": "大韩民国", "KP": "朝鲜民主主义人民共和国", "RU": "俄罗斯联邦", "IR": "伊朗伊斯兰共和国",
        "BO": "多民族玻利维亚国", "VE": "委内瑞拉玻利瓦尔共和国", "SY": "阿拉伯叙利亚共和国", "LA": "老挝人民民主共和国",
        "MD": "摩尔多瓦共和国", "TZ": "坦桑尼亚联合共和国", "GB": "大不列颠及北爱尔兰联合王国", "US": "美利坚合众国",
        "VA": "教廷", "PS": "巴勒斯坦国", "CD": "刚果民主共和国", "CG": "刚果", "FM": "密克罗尼西亚联邦",
        "BN": "文莱达鲁萨兰国",
    },
    "ar": {
        "KR": "جمهورية كوريا", "KP": "جمهورية كوريا الشعبية الديمقراطية", "RU": "الاتحاد الروسي",
        "IR": "جمهورية إيران الإسلامية", "SY": "الجمهورية العربية السورية",
        "GB": "المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية", "US": "الولايات المتحدة الأمريكية",
        "VA": "الكرسي الرسولي", "PS": "دولة فلسطين", "TZ": "جمهورية تنزانيا المتحدة",
        "LA": "جمهورية لاو الديمقراطية الشعبية", "MD": "جمهورية مولدوفا", "CD": "جمهورية الكونغو الديمقراطية",
        "CG": "الكونغو", "VE": "جمهورية فنزويلا البوليفارية", "BO": "دولة بوليفيا المتعددة القوميات",
    },
}
