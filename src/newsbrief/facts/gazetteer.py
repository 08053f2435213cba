"""A small gazetteer for the rule-based fact extractor: countries (aliases, demonyms, capitals),
regions and cities, organisations' metonyms, role words and the words that are never names.

Written by hand for news English; it is deliberately small (what a news reader meets daily), not
a geographic database. Lookups are by exact surface form (``PLACES["Kyiv"]``).
"""

from __future__ import annotations

from dataclasses import dataclass

# name | aliases | demonyms | capital (and other capital spellings, "/"-separated)
_COUNTRIES = """
Afghanistan||Afghan,Afghans|Kabul
Albania||Albanian,Albanians|Tirana
Algeria||Algerian,Algerians|Algiers
Angola||Angolan,Angolans|Luanda
Argentina||Argentine,Argentinian,Argentines|Buenos Aires
Armenia||Armenian,Armenians|Yerevan
Australia||Australian,Australians|Canberra
Austria||Austrian,Austrians|Vienna
Azerbaijan||Azerbaijani,Azeri|Baku
Bahrain||Bahraini|Manama
Bangladesh||Bangladeshi,Bangladeshis|Dhaka
Barbados||Barbadian,Bajan|Bridgetown
Belarus||Belarusian,Belarusians|Minsk
Belgium||Belgian,Belgians|Brussels
Bolivia||Bolivian,Bolivians|La Paz
Bosnia and Herzegovina|Bosnia|Bosnian,Bosnians|Sarajevo
Brazil||Brazilian,Brazilians|Brasilia/Brasília
Bulgaria||Bulgarian,Bulgarians|Sofia
Burkina Faso||Burkinabe|Ouagadougou
Cambodia||Cambodian,Cambodians|Phnom Penh
Cameroon||Cameroonian,Cameroonians|Yaounde
Canada||Canadian,Canadians|Ottawa
Chad||Chadian,Chadians|N'Djamena
Chile||Chilean,Chileans|Santiago
China|PRC|Chinese|Beijing
Colombia||Colombian,Colombians|Bogota/Bogotá
Congo|DRC,Democratic Republic of Congo,Democratic Republic of the Congo|Congolese|Kinshasa
Costa Rica||Costa Rican|San Jose
Croatia||Croatian,Croatians,Croat,Croats|Zagreb
Cuba||Cuban,Cubans|Havana
Cyprus||Cypriot,Cypriots|Nicosia
Czech Republic|Czechia|Czech,Czechs|Prague
Denmark||Danish,Dane,Danes|Copenhagen
Ecuador||Ecuadorian,Ecuadorians|Quito
Egypt||Egyptian,Egyptians|Cairo
Eritrea||Eritrean,Eritreans|Asmara
Estonia||Estonian,Estonians|Tallinn
Ethiopia||Ethiopian,Ethiopians|Addis Ababa
Finland||Finnish,Finn,Finns|Helsinki
France||French|Paris
Georgia||Georgian,Georgians|Tbilisi
Germany||German,Germans|Berlin
Ghana||Ghanaian,Ghanaians|Accra
Greece||Greek,Greeks|Athens
Guatemala||Guatemalan,Guatemalans|Guatemala City
Haiti||Haitian,Haitians|Port-au-Prince
Honduras||Honduran,Hondurans|Tegucigalpa
Hungary||Hungarian,Hungarians|Budapest
Iceland||Icelandic,Icelander,Icelanders|Reykjavik
India||Indian,Indians|New Delhi/Delhi
Indonesia||Indonesian,Indonesians|Jakarta
Iran||Iranian,Iranians|Tehran
Iraq||Iraqi,Iraqis|Baghdad
Ireland|Republic of Ireland|Irish|Dublin
Israel||Israeli,Israelis|Jerusalem
Italy||Italian,Italians|Rome
Ivory Coast|Cote d'Ivoire,Côte d'Ivoire|Ivorian,Ivorians|Abidjan/Yamoussoukro
Jamaica||Jamaican,Jamaicans|Kingston
Japan||Japanese|Tokyo
Jordan||Jordanian,Jordanians|Amman
Kazakhstan||Kazakh,Kazakhs|Astana
Kenya||Kenyan,Kenyans|Nairobi
Kosovo||Kosovar,Kosovars|Pristina
Kuwait||Kuwaiti,Kuwaitis|Kuwait City
Kyrgyzstan||Kyrgyz|Bishkek
Laos||Lao,Laotian|Vientiane
Latvia||Latvian,Latvians|Riga
Lebanon||Lebanese|Beirut
Libya||Libyan,Libyans|Tripoli
Lithuania||Lithuanian,Lithuanians|Vilnius
Luxembourg||Luxembourgish|Luxembourg City
Malaysia||Malaysian,Malaysians|Kuala Lumpur
Mali||Malian,Malians|Bamako
Malta||Maltese|Valletta
Mexico||Mexican,Mexicans|Mexico City
Moldova||Moldovan,Moldovans|Chisinau
Mongolia||Mongolian,Mongolians|Ulaanbaatar
Montenegro||Montenegrin|Podgorica
Morocco||Moroccan,Moroccans|Rabat
Mozambique||Mozambican|Maputo
Myanmar|Burma|Burmese|Naypyidaw
Nepal||Nepali,Nepalese|Kathmandu
Netherlands|Holland|Dutch|Amsterdam/The Hague
New Zealand||New Zealander,New Zealanders|Wellington
Nicaragua||Nicaraguan,Nicaraguans|Managua
Niger||Nigerien|Niamey
Nigeria||Nigerian,Nigerians|Abuja
North Korea|DPRK,Democratic People's Republic of Korea|North Korean,North Koreans|Pyongyang
North Macedonia|Macedonia|Macedonian,Macedonians|Skopje
Norway||Norwegian,Norwegians|Oslo
Oman||Omani,Omanis|Muscat
Pakistan||Pakistani,Pakistanis|Islamabad
Palestine|Palestinian territories|Palestinian,Palestinians|Ramallah
Panama||Panamanian,Panamanians|Panama City
Paraguay||Paraguayan|Asuncion
Peru||Peruvian,Peruvians|Lima
Philippines||Filipino,Filipinos,Philippine|Manila
Poland||Polish,Pole,Poles|Warsaw
Portugal||Portuguese|Lisbon
Qatar||Qatari,Qataris|Doha
Romania||Romanian,Romanians|Bucharest
Russia|Russian Federation|Russian,Russians|Moscow
Rwanda||Rwandan,Rwandans|Kigali
Saudi Arabia||Saudi,Saudis|Riyadh
Senegal||Senegalese|Dakar
Serbia||Serbian,Serbians,Serb,Serbs|Belgrade
Singapore||Singaporean,Singaporeans|
Slovakia||Slovak,Slovaks|Bratislava
Slovenia||Slovenian,Slovene|Ljubljana
Somalia||Somali,Somalis|Mogadishu
South Africa||South African,South Africans|Pretoria/Cape Town
South Korea|Republic of Korea|South Korean,South Koreans|Seoul
South Sudan||South Sudanese|Juba
Spain||Spanish,Spaniard,Spaniards|Madrid
Sri Lanka||Sri Lankan,Sri Lankans|Colombo
Sudan||Sudanese|Khartoum
Sweden||Swedish,Swede,Swedes|Stockholm
Switzerland||Swiss|Bern
Syria||Syrian,Syrians|Damascus
Taiwan||Taiwanese|Taipei
Tajikistan||Tajik|Dushanbe
Tanzania||Tanzanian,Tanzanians|Dodoma
Thailand||Thai|Bangkok
Tunisia||Tunisian,Tunisians|Tunis
Turkey|Turkiye,Türkiye|Turkish,Turk,Turks|Ankara
Turkmenistan||Turkmen|Ashgabat
Uganda||Ugandan,Ugandans|Kampala
Ukraine||Ukrainian,Ukrainians|Kyiv/Kiev
United Arab Emirates|UAE|Emirati,Emiratis|Abu Dhabi
United Kingdom|UK,U.K.,Britain,Great Britain|British,Briton,Britons,Brits|London
United States|US,U.S.,USA,U.S.A.,America,United States of America|American,Americans|Washington
Uruguay||Uruguayan|Montevideo
Uzbekistan||Uzbek,Uzbeks|Tashkent
Venezuela||Venezuelan,Venezuelans|Caracas
Vietnam||Vietnamese|Hanoi
Yemen||Yemeni,Yemenis|Sanaa
Zambia||Zambian,Zambians|Lusaka
Zimbabwe||Zimbabwean,Zimbabweans|Harare
"""

# Regions, states and provinces: name -> the country they lie in ("" for transnational regions).
_REGIONS = {
    "United States": """Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Hawaii
        Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota
        Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee Texas Utah
        Vermont Virginia Wisconsin Wyoming New_Hampshire New_Jersey New_Mexico New_York North_Carolina
        North_Dakota Rhode_Island South_Carolina South_Dakota West_Virginia New_England Midwest Guam
        Puerto_Rico Silicon_Valley""",
    "Ukraine": "Luhansk Donetsk Donbas Donbass Crimea Kherson Zaporizhzhia Kharkiv Odesa Odessa Sumy Mariupol Bakhmut Lviv Dnipro",
    "Russia": "Siberia Chechnya Kursk Belgorod Kaliningrad Dagestan",
    "United Kingdom": "England Scotland Wales Northern_Ireland Yorkshire Cornwall Kent Surrey",
    "Canada": "Ontario Quebec Alberta Manitoba Saskatchewan Nova_Scotia British_Columbia",
    "Palestine": "Gaza West_Bank Gaza_Strip",
    "Israel": "Golan_Heights Negev",
    "Germany": "Bavaria Saxony Rhineland",
    "Spain": "Catalonia Andalusia Basque_Country",
    "France": "Corsica Normandy Brittany Provence Riviera",
    "China": "Xinjiang Tibet Hong_Kong Macau Guangdong Sichuan Hubei",
    "India": "Kashmir Punjab Kerala Bihar Gujarat",
    "Japan": "Hokkaido Okinawa Honshu Kyushu",
    "Nigeria": "Borno Chibok Lagos_State",
    "": """Europe Asia Africa Antarctica Arctic Middle_East Latin_America South_America North_America
        Balkans Caucasus Sahel Scandinavia Pacific Atlantic Mediterranean Baltic Black_Sea Red_Sea
        Persian_Gulf Gulf_of_Mexico Sea_of_Japan Korean_Peninsula Caribbean Sahara Pacific_Ocean Atlantic_Ocean
        Indian_Ocean Arctic_Ocean Mars Moon Venus Jupiter Saturn Mercury""",
}

# Cities (not capitals): name -> country.
_CITIES = {
    "United States": """New_York Los_Angeles Chicago Houston Phoenix Philadelphia San_Antonio San_Diego Dallas
        San_Francisco Seattle Boston Detroit Denver Miami Orlando Atlanta Las_Vegas Baltimore Pittsburgh
        Cleveland Cincinnati St._Louis New_Orleans Nashville Portland Minneapolis Honolulu Brooklyn Manhattan
        Queens Bronx Pasadena Erie Sacramento Austin Oakland Buffalo New_York_City L.A. NYC""",
    "United Kingdom": "Manchester Liverpool Birmingham Leeds Glasgow Edinburgh Cardiff Belfast Bristol Croydon Oxford Cambridge",
    "France": "Nice Marseille Lyon Toulouse Bordeaux Lille Strasbourg Cannes Avignon Calais",
    "Germany": "Hamburg Munich Cologne Frankfurt Stuttgart Dusseldorf Düsseldorf Dresden Leipzig Bonn",
    "Russia": "St._Petersburg Saint_Petersburg Sochi Novosibirsk Vladivostok",
    "Ukraine": "Kharkov Kherson Zaporizhzhia",
    "Turkey": "Istanbul Izmir Antalya",
    "Italy": "Milan Naples Venice Florence Turin",
    "Spain": "Barcelona Valencia Seville Bilbao",
    "China": "Shanghai Shenzhen Guangzhou Wuhan Chengdu",
    "Japan": "Osaka Kyoto Hiroshima Nagasaki Sapporo Yokohama",
    "South Korea": "Busan Incheon Pyeongchang",
    "India": "Mumbai Bangalore Kolkata Chennai Hyderabad",
    "Israel": "Tel_Aviv Haifa",
    "Palestine": "Nabi_Saleh Hebron Bethlehem Jenin Nablus Rafah Khan_Younis",
    "Saudi Arabia": "Jeddah Mecca Medina",
    "United Arab Emirates": "Dubai",
    "Switzerland": "Geneva Zurich Davos",
    "Netherlands": "Rotterdam",
    "Canada": "Toronto Montreal Vancouver Calgary",
    "Australia": "Sydney Melbourne Brisbane Perth",
    "Brazil": "Rio_de_Janeiro Sao_Paulo São_Paulo",
    "Nigeria": "Lagos Maiduguri Kano",
    "Kazakhstan": "Baikonur",
    "Syria": "Aleppo Idlib Homs Raqqa",
    "Iraq": "Mosul Basra Erbil",
}

# Institutions that news uses for their state ("the Kremlin said" = Russia said).
METONYMS = {
    "Kremlin": "Russia", "White House": "United States", "Pentagon": "United States",
    "State Department": "United States", "Downing Street": "United Kingdom", "Whitehall": "United Kingdom",
    "Elysee": "France", "Élysée": "France", "Elysee Palace": "France", "Blue House": "South Korea",
    "Zhongnanhai": "China", "Bundestag": "Germany", "Knesset": "Israel", "Duma": "Russia",
}

# Well-known organisations written without an organisation word.
ORGANISATIONS = frozenset(
    """NATO UN EU WHO FBI CIA NSA IMF OPEC ASEAN AU ICC ICJ IAEA OSCE UNESCO UNICEF UNHCR NASA SpaceX Tesla
    Google Apple Amazon Microsoft Facebook Twitter Instagram Snapchat WhatsApp Intel Qualcomm Broadcom Equifax
    Reuters AFP AP BBC CNN NPR Hamas Hezbollah Taliban ISIS ISIL Al-Qaeda Congress Parliament Senate
    Interpol Europol Kremlin Pentagon Gazprom Goldman_Sachs Boko_Haram Red_Cross United_Nations
    European_Union African_Union World_Bank Security_Council""".split()
)
ORGANISATIONS = frozenset(n.replace("_", " ") for n in ORGANISATIONS)
# A capitalised span ending in one of these words names an organisation.
ORG_HEADS = frozenset(
    """Party Ministry Department Council Agency Authority Commission Committee Court Congress Parliament
    Assembly Senate Army Navy Force Forces Guard Police Service Services University College School Institute
    Foundation Association Union Bank Group Inc Inc. Corp Corp. Co Co. Ltd Ltd. LLC Company Corporation
    Airlines Airways Network News Times Post Journal Herald Agency Office Bureau Organization Organisation
    Federation League Club Team Academy Board Fund Trust Centre Center Hospital Church Front Movement
    Alliance Coalition Administration Government Cabinet Command Brigade Battalion Fleet Motors Systems
    Technologies Labs Media Press Records Studios Entertainment Society Institution Reserve Exchange""".split()
)

# Role words that precede a name ("President Volodymyr Zelensky", "spokesman Dmitry Peskov").
ROLES = frozenset(
    """president vice-president prime premier minister chancellor secretary spokesman spokeswoman
    spokesperson ambassador envoy negotiator senator sen. rep. representative governor gov. mayor king queen
    prince princess pope cardinal bishop general gen. admiral adm. colonel col. lieutenant lt. captain capt.
    sergeant sgt. commander major officer chief director ceo chairman chairwoman chair founder judge justice
    attorney lawyer prosecutor inspector detective det. superintendent sheriff coach manager leader dictator
    foreign defence defense interior finance deputy acting former late mr. mrs. ms. dr. prof. mr mrs ms dr
    sir dame lord lady rabbi imam sheikh emir sultan ayatollah comedian actor actress singer rapper
    quarterback striker analyst economist professor researcher scientist official aide adviser advisor
    correspondent reporter host anchor editor author""".split()
)

# Capitalised words that start or fill a span but are not names by themselves.
NOT_NAMES = frozenset(
    """The A An This That These Those It Its He She His Her They Their We Our I You Your In On At For From
    To Of And But Or If When While After Before As By With Without Despite Although Though However Also
    Meanwhile Moreover Still Yet Instead Then There Here What Which Who Whom Whose Why How Some Many Most
    All Both Each Every No Not One Two Three Four Five Six Seven Eight Nine Ten First Second Third Last
    Next Several Few Other Another Such According Under Over About Among Between Through During Since Until
    Mr Mrs Ms Dr Mr. Mrs. Ms. Dr. St. Monday Tuesday Wednesday Thursday Friday Saturday Sunday January
    February March April May June July August September October November December Today Yesterday
    Tomorrow Tonight Photo Image Video Watch Read Click Follow Share Getty Images Copyright Reporting Editing
    Advertisement Update Updated Breaking News Live Sign Subscribe Home Top Key Overall Earlier Later Now
    Christmas Easter Thanksgiving Ramadan Eid Halloween Hanukkah Year Day Week Month Please Thanks Yes Oh
    Just Even So Because Even Only Like Well Perhaps Maybe Indeed Together Once Again Although Dear""".split()
)

# Words that make a capitalised phrase an event or a thing, not an actor or place.
EVENT_WORDS = frozenset(
    """Day Eve Series Cup Games Olympics Championship Championships Bowl Open Award Awards Prize Festival
    Parade War Act Bill Law Treaty Accord Agreement Summit Conference Show Week Year Season Game Tour
    Grammy Grammys Oscar Oscars Emmy Emmys Street Avenue Road Boulevard Bridge Airport Station Stadium""".split()
)

# Facility and landform words: a span ending in one is a place ("Mandalay Bay", "Wrigley Field").
FACILITIES = frozenset(
    """Street Avenue Road Boulevard Bridge Airport Station Stadium Square Park Field Arena Hall Bay Beach River
    Lake Mountain Mountains Island Islands Valley Strip Coast Harbor Harbour Port Tower Palace Hotel Casino
    Resort Center Centre Mall Prison Base Peninsula Ocean Sea Canal Heights Hills Tavern Restaurant Cafe Pub
    Theatre Theater Museum Cathedral Mosque Temple Zoo Market Promenade""".split()
)
# Common nouns after a name that make it a place ("the Rivera region", "the Dream Hollywood hotel").
GEO_NOUNS = frozenset("""region province city town village district county state island islands river area
    neighbourhood neighborhood suburb hotel airport station stadium border coast valley mountains desert
    peninsula sea lake bay capital municipality prefecture""".split())
# Capitalised words that are not names when they stand alone: generic actors and adjectives.
NOT_ALONE = frozenset("""Police Authorities Officials Witnesses Investigators Prosecutors Doctors Experts Analysts
    Residents Firefighters Troops Soldiers Rescuers Scientists Researchers Critics Protesters Lawmakers Officers
    Islamist Islamic Islam Muslim Muslims Christian Christians Jewish Jews Catholic Protestant Sunni Shia Shiite
    Hindu Buddhist Korean Arab Arabs Western Eastern Northern Southern Dear Death Inside Stay More Photo
    Photographer Advertisement Agencies President Minister Government Parliament Court Senate""".split())
ACRONYM_STOP = frozenset("TV CEO CFO COO AM PM GMT EST EDT PST BST UTC OK DNA ID PC AI UFO HIV AIDS GDP VIP FAQ "
                         "HQ RIP LOL OMG II III IV VI VII VIII IX XI XII PS RSVP ET PT CT MP MPs DJ HD IT FILE PHOTO VIDEO "
                         "UPDATE WATCH READ MORE NEWS BREAKING EXCLUSIVE LIVE FM MVP HOST BYLINE".split())
# Nouns after a country that make it an actor ("US officials", "Russian forces" is a demonym).
ACTOR_NOUNS = frozenset("""officials official forces troops government military army navy authorities delegation
    delegations diplomats negotiators leaders leader embassy administration side team police regime""".split())


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry: ``kind`` is country, capital, city or region; ``country`` its country."""

    name: str
    kind: str
    country: str


def _build() -> tuple[dict[str, Place], dict[str, str], dict[str, str]]:
    places: dict[str, Place] = {}
    demonyms: dict[str, str] = {}
    capitals: dict[str, str] = {}
    for line in _COUNTRIES.strip().splitlines():
        name, aliases, dems, caps = line.split("|")
        places[name] = Place(name, "country", name)
        for a in filter(None, aliases.split(",")):
            places[a] = Place(name, "country", name)
        for d in filter(None, dems.split(",")):
            demonyms[d] = name
        for c in filter(None, caps.split("/")):
            places.setdefault(c, Place(c, "capital", name))
            capitals[c] = name
    for country, names in _REGIONS.items():
        for n in names.split():
            n = n.replace("_", " ")
            places.setdefault(n, Place(n, "region", country))
    for country, names in _CITIES.items():
        for n in names.split():
            n = n.replace("_", " ")
            places.setdefault(n, Place(n, "city", country))
    return places, demonyms, capitals


PLACES, DEMONYMS, CAPITALS = _build()
# The longest gazetteer name in words: how far a lookup needs to extend a span.
MAX_PLACE_WORDS = max(len(n.split()) for n in PLACES)
