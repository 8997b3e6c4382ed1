"""Cue words for the personal-data scrubber, in the 15 languages of the hotline.

Lists are lower-cased where the script has case. A cue says what kind of personal data follows it;
the scrubber decides how far the data runs.
"""

from __future__ import annotations


def words(text: str) -> tuple[str, ...]:
    """Space-separated word lists read better than long tuples of quoted words."""
    return tuple(text.split())


PREFECTURES_JA = words(
    "北海道 青森県 岩手県 宮城県 秋田県 山形県 福島県 茨城県 栃木県 群馬県 埼玉県 千葉県 東京都 神奈川県 "
    "新潟県 富山県 石川県 福井県 山梨県 長野県 岐阜県 静岡県 愛知県 三重県 滋賀県 京都府 大阪府 兵庫県 "
    "奈良県 和歌山県 鳥取県 島根県 岡山県 広島県 山口県 徳島県 香川県 愛媛県 高知県 福岡県 佐賀県 長崎県 "
    "熊本県 大分県 宮崎県 鹿児島県 沖縄県"
    # As Chinese writes them.
    " 青森县 岩手县 宫城县 秋田县 山形县 福岛县 茨城县 栃木县 群马县 埼玉县 千叶县 东京都 神奈川县 新潟县 富山县 "
    "石川县 福井县 山梨县 长野县 岐阜县 静冈县 爱知县 三重县 滋贺县 兵库县 奈良县 和歌山县 鸟取县 岛根县 冈山县 "
    "广岛县 德岛县 香川县 爱媛县 福冈县 佐贺县 长崎县 宫崎县 鹿儿岛县 冲绳县 山口县 高知县 熊本县 大分县"
)

PREFECTURES_ROMAJI = words(
    "hokkaido aomori iwate miyagi akita yamagata fukushima ibaraki tochigi gunma saitama chiba tokyo "
    "kanagawa niigata toyama ishikawa fukui yamanashi nagano gifu shizuoka aichi mie shiga kyoto osaka "
    "hyogo nara wakayama tottori shimane okayama hiroshima yamaguchi tokushima kagawa ehime kochi "
    "fukuoka saga nagasaki kumamoto oita miyazaki kagoshima okinawa"
)
# Cities everyone knows as cities: a person of that name is said with a cue ("Mr Nagoya"), like a prefecture.
MAJOR_CITIES_ROMAJI = words(
    "sapporo sendai yokohama sagamihara niigata hamamatsu nagoya kyoto osaka kobe kitakyushu fukuoka tokyo"
)

# Words that look like names after a weak cue ("I am ...", "anh ...") but carry facts policy needs.
PLACES_AND_PEOPLES = frozenset(
    words(
        "vietnam việt viet nam nhật nhat bản japan japanese nihon brazil brasil brasileiro brasileira "
        "brazilian vietnamese philippines filipino filipina pilipinas nepal nepali nepalese indonesia "
        "indonesian myanmar burmese cambodia cambodian khmer campuchia thailand thai korea korean china "
        "chinese lanka lankan peru peruvian bolivia spanish english portuguese tiếng người "
        "peruano peruana boliviano boliviana bolivianos vietnamita filipino filipina japonês japonesa nepalês "
        "indonesio tailandés coreano chino mexicano asia"
    )
) | frozenset(PREFECTURES_ROMAJI)

# Countries, as the migrants' languages write them: where one worked or comes from, never whom one works for.
COUNTRIES = frozenset(
    words(
        "japan jepang japão japao japón japon nhật hapon korea corea coreia hàn quốc china cina tiongkok trung "
        "vietnam việt brazil brasil peru perú philippines filipinas pilipinas indonesia nepal myanmar burma "
        "cambodia camboja camboya kamboja thailand tailândia tailandia thái lan sri lanka india ấn độ taiwan "
        "đài loan malaysia singapore qatar saudi arabia dubai kuwait oman bahrain israel usa america mỹ canada "
        "australia úc bolivia paraguay argentina mexico méxico colombia chile europe europa asia"
    )
)

# Function words: they end a name unless written with a capital inside one ("Nguyễn Văn An").
FUNCTION_WORDS = frozenset(
    words(
        "i im i'm the a an my me he she we they you it this that here there okay ok sorry please help "
        "hello hi good thank thanks dear sir madam boss company factory hospital immigration visa "
        "monday tuesday wednesday thursday friday saturday sunday january february march april may june "
        "july august september october november december tháng ngày năm line zalo facebook whatsapp "
        "telegram wechat messenger google gmail ngo hotline "
        "và là tôi em anh chị bị đang làm ở có không ơi ạ nhé vì với cho của công ty "
        "e o a é eu sou tenho moro trabalho na no da do em com meu minha que não por favor "
        "y el la en soy tengo vivo trabajo mi es de con por para "
        "and from work works working live lives living is am are was at in on for with of to years old "
        "ako si po ay na sa ng at mga taga nagtatrabaho ang pangalan ko "
        "saya dan dari di kerja bekerja tinggal umur tahun nama adalah yang ini itu aku kamu dia suka mau bisa "
        "sudah belum juga "
        "gmail yahoo hotmail outlook mr mrs ms dr sr sra srta "
        # currencies written before an amount: "Rp 2.500.000", "Rs 5000"
        "rp rs usd php npr jpy vnd idr thb lkr mmk khr krw cny brl yen"
    )
)
NOT_A_NAME = PLACES_AND_PEOPLES | FUNCTION_WORDS

# Common words of the Latin-script languages of the hotline (vi typed without tones), lower case. A romaji
# surname that is also one of these ("Ito" is "this" in Filipino) is a name only with a cue, or when the message
# is not written in that language.
COMMON_LATIN_WORDS_BY_LANGUAGE = {
    "en": frozenset(
        words(
            "a about after again all also am an and any are as at back bad be been before being big boss but by can "
            "come could day did do does done down each even every few for from get give go going good got had has "
            "have he her here him his home how i if in into is it its just know last let like little long look made "
            "make man many may me men more most much must my need new no not now of off old on one only or other our "
            "out over own pay put said same say see she should since so some still such take than that the their "
            "them then there these they thing think this those time to too two under up us use very want was way "
            "we well went were what when where which while who why will with work would year yes yet you your "
            "ok okay sorry please help hello hi thanks dear sir madam mom dad son papa mama baby kid "
            "ban can cane mine rain sake sane tan tone take taken main era ate "
            "rich bank hide hate "
        )
    ),
    "pt_es": frozenset(
        words(
            "o a os as um uma e é eu ele ela nos nós eles sou era tem ter tenho não nao sim que com sem por para "
            "pra mas mais muito pouco meu minha seu sua na no da do em de dos das ao aos pelo pela isso isto aqui ali "
            "ja já vai vou foi ser estar esta está estou tudo nada bem mal casa dia mes mês ano hora horas dinheiro "
            "y el la los las un una yo tu tú mi su es son soy ser muy pero más mas sin con sobre ya si sí también "
            "hay ahora aquí casa dia día mes año trabajo jefe dinero semana "
            " sake toma tomo time tira cara caro mano mato nome nada sano "
        )
    ),
    "fil": frozenset(
        words(
            "ako ikaw siya kami tayo sila ang ng sa si po opo hindi oo ito iyan iyon dito doon na pa lang din rin "
            "ko mo niya namin natin nila kay may wala mga at ay para kasi pero naman talaga trabaho amo sahod "
            "pera bahay araw buwan taon ate kuya nanay tatay anak asawa tulong salamat "
        )
    ),
    "id": frozenset(
        words(
            "saya aku kamu dia kami kita mereka ini itu ada tidak bukan ya dan atau tapi dengan untuk dari ke di "
            "pada yang sudah belum akan bisa mau harus juga lagi saja hanya kerja uang gaji rumah hari bulan tahun "
            "bapak ibu kakak adik tolong terima kasih bos mas mbak "
        )
    ),
    "vi": frozenset(
        words(
            "toi em anh chi ban ong ba co chu cau no ho minh ta la va voi cua cho khong co ma nhung thi se da dang "
            "roi nay kia do di den ve o tai tu sau truoc nam thang ngay gio tien luong viec lam cong ty nha "
            "me bo con vo chong ai gi sao nao dau hai ba bon sau tam chin muoi tram nghin trieu dong ha hoa mai "
            "lan nga hong huong thu thao tuan hung dung nam son long"
        )
    ),
}

# Strong cues: what follows is a name, whatever its case ("ten toi la nguyen van an").
NAME_CUES_STRONG = (
    "my name is",
    "my name's",
    "name is",
    "i am called",
    "full name",
    "tên tôi là",
    "tôi tên là",
    "tên em là",
    "em tên là",
    "tên mình là",
    "mình tên là",
    "tên tôi",
    "tôi tên",
    "em tên",
    "tên là",
    "ten toi la",
    "toi ten la",
    "ten em la",
    "em ten la",
    "ho ten",
    "họ tên",
    "họ và tên",
    "meu nome é",
    "meu nome e",
    "me chamo",
    "chamo-me",
    "mi nombre es",
    "me llamo",
    "ang pangalan ko ay",
    "pangalan ko ay",
    "pangalan ko",
    "ako po si",
    "ako si",
    "nama saya adalah",
    "nama saya",
    "saya bernama",
    "perkenalkan saya",
    "nama:",
    "name:",
    "nome:",
    "nombre:",
    "tên:",
)

# Weak cues: only a capitalised word (or a katakana run) after them counts as a name.
NAME_CUES_WEAK = (
    "i am",
    "i'm",
    "im",
    "this is",
    "mr.",
    "mr",
    "mrs.",
    "mrs",
    "ms.",
    "ms",
    "miss",
    "dr.",
    "tôi là",
    "em là",
    "mình là",
    "toi la",
    "em la",
    "e la",
    "minh la",
    "ten la",
    "anh",
    "chị",
    "em",
    "cô",
    "chú",
    "bác",
    "ông",
    "bà",
    "bạn",
    "sou o",
    "me and",
    "ni",
    "kay",
    "sina",
    "nina",
    "kina",
    "teman-teman",
    "teman-teman saya",
    "my friends",
    "mga kaibigan ko",
    "minha vizinha",
    "meu vizinho",
    "mi vecina",
    "mi vecino",
    "chama",
    "se chama",
    "se llama",
    "and my friend",
    "con là",
    "cháu là",
    "con tên là",
    "cháu tên là",
    "tui là",
    "tớ là",
    "con la",
    "chau la",
    "quem escreve é o",
    "quem escreve é a",
    "quem escreve é",
    "aku",
    "namaku",
    "nama aku",
    "aqui é a",
    "aqui é o",
    "aqui é",
    "aqui e",
    "quem fala é",
    "eu sou a",
    "eu sou o",
    "aquí es",
    "le escribe",
    "les escribe",
    "called",
    "named",
    "tên",  # "người môi giới tên Thanh": named
    "chamado",
    "chamada",
    "llamado",
    "llamada",
    "o tal de",
    "a tal de",
    "el tal",
    "la tal",
    "bernama",
    "namanya",
    "si",
    "sou a",
    "sou",
    "sr.",
    "sra.",
    "srta.",
    "sr",
    "sra",
    "dona",
    "seu",
    "soy",
    "don",
    "doña",
    "señor",
    "señora",
    "si",
    "kuya",
    "ate",
    "saya",
    "pak",
    "bu",
    "bapak",
    "ibu",
    "mbak",
    "mas",
    # People named by who they are to the writer: "my husband Agus", "meu amigo Carlos", "pinsan ko si Mary".
    "my husband",
    "my wife",
    "my friend",
    "my son",
    "my daughter",
    "my brother",
    "my sister",
    "my cousin",
    "my roommate",
    "chồng em",
    "vợ em",
    "bạn em",
    "em trai em",
    "chồng tôi",
    "vợ tôi",
    "bạn tôi",
    "meu marido",
    "minha esposa",
    "meu filho",
    "minha filha",
    "meu amigo",
    "minha amiga",
    "meu irmão",
    "minha irmã",
    "mi esposo",
    "mi esposa",
    "mi hijo",
    "mi hija",
    "mi amigo",
    "mi amiga",
    "mi hermano",
    "mi hermana",
    "asawa ko",
    "kaibigan ko",
    "kapatid ko",
    "pinsan ko",
    "anak ko",
    "suami saya",
    "istri saya",
    "teman saya",
    "teman sekamar saya",
    "anak saya",
    "adik saya",
    "kakak saya",
    # Form labels written without a colon: "nama Slamet Riyadi", "name Bishnu Rai".
    "nama",
    "name",
    "nome",
    "nombre",
    "pangalan",
    # Roles: a capitalised word right after one is the person in it ("interpreter Linh", "encarregado Paulo").
    "interpreter",
    "translator",
    "team leader",
    "leader",
    "supervisor",
    "foreman",
    "manager",
    "landlord",
    "landlady",
    "owner",
    "broker",
    "agent",
    "recruiter",
    "encarregado",
    "encarregada",
    "patrão",
    "patroa",
    "gerente",
    "chefe",
    "intérprete",
    "jefe",
    "jefa",
    "encargado",
    "encargada",
    "capataz",
    "patrón",
    "dueño",
    "dueña",
    "mandor",
    "majikan",
    "atasan",
    "penerjemah",
    "sếp",
    "quản lý",
    "tổ trưởng",
    "giám đốc",
    "phiên dịch",
    # The same relations in more words and languages: coworkers, partners, family.
    "my coworker",
    "my co-worker",
    "my colleague",
    "my boyfriend",
    "my girlfriend",
    "my partner",
    "my mother",
    "my father",
    "my neighbor",
    "my neighbour",
    "my uncle",
    "my aunt",
    "my niece",
    "my nephew",
    "my kid",
    "my child",
    "coworker",
    "colleague",
    "đồng nghiệp",
    "dong nghiep",
    "người yêu em",
    "anh trai em",
    "chị gái em",
    "em gái em",
    "con em",
    "con tôi",
    "bạn cùng phòng",
    "ban em",
    "chong em",
    "vo em",
    "meu colega",
    "minha colega",
    "meu namorado",
    "minha namorada",
    "minha mãe",
    "meu pai",
    "minha sogra",
    "meu sogro",
    "meu primo",
    "minha prima",
    "meu cunhado",
    "minha cunhada",
    "mi compañero",
    "mi compañera",
    "mi companero",
    "mi companera",
    "mi novio",
    "mi novia",
    "mi mamá",
    "mi papá",
    "mi primo",
    "mi prima",
    "mi cuñado",
    "mi cuñada",
    "katrabaho ko",
    "kasama ko",
    "nobyo ko",
    "pamangkin ko",
    "tito ko",
    "tita ko",
    "rekan kerja saya",
    "teman kerja saya",
    "pacar saya",
    "ayah saya",
    "kakak",
    "adik",
    # Words of address that family and friends put before a first name: Vietnamese (also typed without
    # accents), Indonesian and Javanese/Sundanese, Filipino.
    "chi",
    "ong",
    "chu",
    "bac",
    "cau",
    "cậu",
    "dì",
    "thằng",
    "thang",
    "con bé",
    "kak",
    "bang",
    "dik",
    "teh",
    "mba",
    "tante",
    "tita",
    "tito",
    "mang",
    "aling",
    "manang",
    "manong",
)

# Cues in scripts without case: the next run of the script is the name.
NAME_CUES_SCRIPT = (
    "私の名前は",
    "わたしの名前は",
    "わたしのなまえは",
    "なまえは",
    "名前は",
    "名前:",
    "氏名:",
    "氏名は",
    "제 이름은",
    "내 이름은",
    "이름은",
    "이름:",
    "이름",
    "성명",
    "အမည်",
    "我叫",
    "我的名字是",
    "我的名字叫",
    "名字是",
    "名字叫",
    "姓名:",
    "ผมชื่อ",
    "ฉันชื่อ",
    "ดิฉันชื่อ",
    "หนูชื่อ",
    "ชื่อ",
    "นางสาว",
    "ด.ญ.",
    "ด.ช.",
    "น.ส.",
    "นาย",
    "นาง",
    "ខ្ញុំឈ្មោះ",
    "ខ្ញុំបាទឈ្មោះ",
    "ឈ្មោះរបស់ខ្ញុំ",
    "ឈ្មោះខ្ញុំ",
    "ឈ្មោះ",
    "លោកស្រី",
    "លោក",
    "คุณ",
    "ဦး",
    "我老公",
    "我丈夫",
    "我老婆",
    "我妻子",
    "我朋友",
    "แฟนของฉัน",
    "แฟนของผม",
    "เพื่อนของฉัน",
    "เพื่อนของผม",
    "เพื่อนร่วมงาน",
    "สามีของฉัน",
    "ภรรยาของผม",
    "สามี",
    "ภรรยา",
    "แฟน",
    "ลูกสาว",
    "ลูกชาย",
    "ប្អូនស្រីខ្ញុំ",
    "ប្អូនប្រុសខ្ញុំ",
    "បងស្រីខ្ញុំ",
    "បងប្រុសខ្ញុំ",
    "ប្តីខ្ញុំ",
    "ប្ដីខ្ញុំ",
    "ប្រពន្ធខ្ញុំ",
    "មិត្តខ្ញុំ",
    "មិត្តភក្តិខ្ញុំ",
    "មិត្តរួមការងារ",
    "កូនខ្ញុំ",
    "သူငယ်ချင်း",
    "ယောက်ျား",
    "ဇနီး",
    "ခင်ပွန်း",
    # Kin words said before a first name: elder sister (Burmese), elder and younger siblings (Khmer).
    "အမ",
    "បងស្រី",
    "បងប្រុស",
    "ប្អូនស្រី",
    "ប្អូនប្រុស",
    "အစ်ကို",
    "အစ်မ",
    "ညီမ",
    "ညီလေး",
    "လုပ်ဖော်ကိုင်ဖက်",
    "भाइ",
    "बहिनी",
    "छोरा",
    "छोरी",
    "सहकर्मी",
    "रुममेट",
    "ညီ",
    "सँगै काम गर्ने",
    "සැමියා",
    "බිරිඳ",
    "අක්කා",
    "අයියා",
    "නංගි",
    "මල්ලි",
    "පුතා",
    "දුව",
    "සගයා",
    "我的同事",
    "同事",
    "我老板",
    "我姐姐",
    "我妹妹",
    "我哥哥",
    "我弟弟",
    "我男朋友",
    "我女朋友",
    "名叫",
    "叫做",
    "我儿子",
    "我女儿",
    "夫の",
    "妻の",
    "友達の",
    "友人の",
    "साथी",
    "श्रीमान",
    "श्रीमती",
    "बुवा",
    "आमा",
    "दाइ",
    "दिदी",
    "යාළුවා",
    "កញ្ញា",
    "ကျွန်တော့်နာမည်",
    "ကျွန်မနာမည်",
    "ကျွန်တော်နာမည်",
    "ကျွန်တော့်နာမည်က",
    "ကျွန်မနာမည်က",
    "နာမည်",
    "ဒေါ်",
    "မောင်",
    "मेरो नाम",
    "नाम",
    "मगे नाम",
    "මගේ නම",
    "මාගේ නම",
    "මගෙ නම",
    "නම",
)

# Words that start with a name cue but are not one: นายจ้าง is "employer", ဦးစွာ is "first".
NAME_CUE_NOT_BEFORE: dict[str, tuple[str, ...]] = {
    "นาย": ("จ้าง", "หน้า"),
    "ဦး": ("စွာ", "ခေါင်း", "ဆောင်"),
    "ဒေါ်": ("လာ",),  # ဒေါ်လာ: dollars
    "ชื่อ": ("เสียง",),
}
# "我老公在横滨的工地": after "my husband" a preposition, adverb or verb starts the sentence, not a name.
_ZH_NOT_A_NAME_START = tuple("在说說是不没沒也都被把给給跟和让讓去来來要会會就还還又从從对對今昨明每已刚剛正")
NAME_CUE_NOT_BEFORE |= {cue: _ZH_NOT_A_NAME_START for cue in ("我老公", "我丈夫", "我老婆", "我妻子", "我朋友")}

# Weak script cues: a name only when a copula closes it (私はグエンです, 저는 김민수입니다).
NAME_CUES_SCRIPT_WEAK = ("私は", "わたしは", "僕は", "ぼくは", "저는", "我是", "म ")

HONORIFICS_AFTER = ("さん", "様", "さま", "くん", "君", "ちゃん", "氏", "殿", "씨", "님", "先生", "小姐", "女士")
HONORIFICS_AFTER_SPACED = ("මහතා", "මහත්මිය", "මෙනවිය", "ji", "jee", "जी", "san", "sama")

# Role words that take さん/様 but are nobody's name.
NOT_A_NAME_BEFORE_HONORIFIC = frozenset(
    words(
        "社長 大家 医者 店長 皆 みな みなさん 奥 母 父 兄 姉 弟 妹 旦那 先輩 後輩 上司 部長 課長 係長 工場長 "
        "班長 担当 通訳 弁護士 警察 看護師 管理人 不動産屋 会社 団体 組合 監理団体 役所 大工 客 お客 神 王 "
        "同 模 仕 殿 職員 先生 相手 彼 彼女 あなた 息子 娘 子 お子 赤ちゃん 家主 支援者 相談員 "
        "사장 선생 부장 과장 고객 손 여러분 아저씨 형 누나 언니 오빠"
    )
)

NOT_A_NAME_HIRAGANA = frozenset(
    words(
        "みな みんな おかあ おとう おにい おねえ おくさ おじい おばあ おいしゃ おおや しゃちょう てんちょう "
        "おきゃく かんりにん べんごし つうやく たんとう あかちゃ おまわり けいさつ せんせい かいしゃ ぶちょう "
        "かちょう はんちょう おや おこ かみ おじょう ぼっちゃ "
        # days and times, which stand before a role word as a name would: "きのう しゃちょうの むすこが"
        "きのう きょう あした あさって おととい まいにち まいあさ まいばん いつも いま けさ こんばん ゆうべ "
        "らいげつ せんげつ こんげつ らいしゅう せんしゅう こんしゅう ことし きょねん らいねん あと まえ"
    )
)

KATAKANA_NOT_A_NAME = frozenset(
    words(
        "ベトナム ブラジル フィリピン ネパール インドネシア ミャンマー カンボジア タイ スリランカ ペルー "
        "ボリビア コリア チャイナ アメリカ ハロー ワーク ハローワーク アルバイト パート パスポート ビザ "
        "マイナンバー カード アパート マンション コンビニ トラブル ライン ライン・アイディー メール "
        "インターネット スマホ ケータイ バイト シフト サービス ホテル レストラン ストレス ハラスメント "
        "パワハラ セクハラ ホーム ヘルパー ケア センター オンライン"
    )
)

# Surnames common among the communities we serve; a run of capitalised words around one is a name.
KNOWN_SURNAMES = frozenset(
    words(
        "nguyễn nguyen trần tran phạm pham hoàng hoang huỳnh huynh phan vũ vu võ vo đặng dang bùi bui "
        "đỗ hồ ngô ngo dương duong lý lê "
        "silva santos oliveira souza sousa pereira ferreira rodrigues almeida costa carvalho gomes ribeiro "
        "martins araújo araujo barbosa lima nakamura "
        "garcía garcia rodríguez rodriguez gonzales gonzález gonzalez fernández fernandez lópez lopez "
        "martínez martinez pérez perez sánchez sanchez ramírez ramirez torres flores quispe mamani "
        "reyes cruz bautista mendoza aquino ramos villanueva castillo dela "
        "sharma gurung tamang shrestha thapa magar limbu adhikari bhandari poudel paudel karki khadka "
        "lama sherpa "
        "perera fernando bandara jayasinghe dissanayake herath wickramasinghe gunawardena rathnayake "
        "senanayake "
        "susanto wijaya saputra hidayat setiawan kurniawan pratama nugroho "
        "aung kyaw htet hlaing thant naing myint thein "
        "sok chea heng sokha seng srey vann "
        "rai kumar bahadur prasad kc basnet tiwari pandey ghimire bhattarai koirala yadav maharjan"
    )
)

# Given names common in the same communities: a run of capitalised words with one of them is a name too.
KNOWN_GIVEN_NAMES = frozenset(
    words(
        "ram hari krishna bishnu shiva bikash santosh sunita gita sita rajesh ramesh suresh dipak deepak anil "
        "sunil prakash binod manoj sanjay bijay rabin sabina anita sarita kamal bimala "
        "agus budi dewi siti sri rina wati putri ayu eko joko bambang rudi andi dian fitri indah muhammad "
        "ahmad nur rizki wahyu yusuf "
        "maria jose josé juan mark john jennifer marites rowena jocelyn liza arnel ricardo jun angelica "
        "joão joao ana carlos paulo lucas rafael bruno juliana fernanda luana rogério rogerio cláudia claudia "
        "miguel luis luís jorge rosa carmen lucía lucia valentina pedro marcos gabriel "
        "somchai somsak somsri nittaya wichai malee "
        "nimal kamal sunil chaminda kasun ruwan "
        "mohammad mohammed ali hassan fatima abdul fabio fábio thiago tiago felipe diego daniel andre andré "
        "renato marcelo leandro eduardo patricia patrícia priscila camila aline vanessa adriana "
        "hendra rahmat hendri yuli dwi tri ratna lestari mário mario enzo rosângela rosangela victor víctor "
        "jefferson wellington edson antônio antonio francisco raimundo sebastião luiz carla bruna amanda larissa "
        "letícia leticia gabriela beatriz mariana rafaela júlia julia sofia isabela heloísa davi arthur bernardo "
        "heitor matheus guilherme nicolas joaquim gustavo wilber yesenia fiorella gladys milagros"
    )
)

FAMILY_NAMES_DEVANAGARI = tuple(
    words(
        "श्रेष्ठ गुरुङ तामाङ थापा मगर राई लिम्बू शर्मा अधिकारी भण्डारी पौडेल कार्की खड्का लामा शेर्पा केसी बस्नेत "
        "तिवारी पाण्डे घिमिरे न्यौपाने रेग्मी ढकाल सापकोटा भट्टराई कोइराला यादव बहादुर प्रसाद कुमार कुमारी "
        "महर्जन बज्राचार्य शाही रोका बुढा के.सी. केसी"
    )
)
FAMILY_NAMES_SINHALA = tuple(
    words(
        "පෙරේරා ප්‍රනාන්දු සිල්වා ජයසූරිය බණ්ඩාර කුමාර ජයසිංහ දිසානායක හේරත් රත්නායක ගුණවර්ධන විජේසිංහ "
        "සේනානායක රාජපක්ෂ ෆොන්සේකා මෙන්ඩිස් කරුණාරත්න වික්‍රමසිංහ ගමගේ"
    )
)
# Khmer writes the family name first.
FAMILY_NAMES_KHMER = tuple(words("សុខ ចាន់ សៅ ហេង លី ឈឹម កែវ ស៊ុន ម៉ៅ ពៅ ជា សេង ឃឹម ញ៉ែម ហ៊ុន យឹម អ៊ុង ឡុង ម៉ម សំ ទូច ណុប ប៊ុន"))

KATAKANA_SURNAMES = frozenset(
    words(
        "グエン チャン ファム ホアン フイン ブイ ダン ヴー ゴー ズオン レー シルバ サントス オリベイラ "
        "ソウザ ペレイラ フェレイラ ロドリゲス コスタ ガルシア サンチェス メンドーサ クルス レイエス "
        "グルン タマン シュレスタ タパ マガル シャルマ ペレラ フェルナンド バンダラ スサント アウン チョー"
    )
)

EMPLOYER_PREFIX_JA = ("株式会社", "有限会社", "合同会社", "合資会社", "(株)", "(有)", "(同)", "協同組合")
EMPLOYER_SUFFIX_JA = (
    "株式会社",
    "有限会社",
    "合同会社",
    "(株)",
    "(有)",
    "事業協同組合",
    "協同組合",
    "工業",
    "不動産",
    "不动产",
    "製作所",
    "食品",
    "農園",
    "建設",
    "水産",
    "縫製",
    "産業",
    "運輸",
    "物流",
    "電機",
    "精工",
    "興業",
    "商事",
    "商店",
    "工務店",
    "農場",
    "牧場",
    "鉄工所",
    "技研",
    "公司",
    "介護",
    "工房",
    "電子",
    "化学",
    "金属",
    "製菓",
    "印刷",
    "塗装",
    "組",
    "商会",
    "開発",
    "化成",
    "鋼業",
    "造船",
    "林業",
    "電工",
    "工機",
    "ファーム",
    "フーズ",
    "ロジスティクス",
    "サービス",
    "スタッフ",
    "住宅",
    "鉄工",
    "興産",
    "物産",
    "電設",
    "運送",
    "警備",
    "精機",
    "製麺",
    "人材",
    "企画",
    "工作所",
    "鋳造",
    "工芸",
    "産商",
    "ハウス",
    "テック",
    # as Chinese speakers write them
    "运输",
    "农园",
    "农场",
    "建设",
    "水产",
    "产业",
    "电机",
    "制作所",
    "兴业",
    "缝制",
    "精密",
    "工业",
    "电子",
    "电工",
    "电器",
    "制造",
    "商事",
    "物流",
    "开发",
    "金属",
    "涂装",
    "造船",
    "食品",
)
# The trade words that end the romaji name of a Japanese company: "Maruyama Kogyo", "Toyo Giken".
EMPLOYER_SUFFIXES_ROMAJI = words(
    "kogyo kōgyō kougyou kogyosho giken sangyo sangyō sangyou suisan seiko seikō seikou denki denko denkō "
    "shokuhin seisakusho seisakujo unyu un'yu unyū butsuryu butsuryū kensetsu shoji shōji shouji noen nōen nouen "
    "nojo nōjō noujou tekko tekkō tekkosho kosan kōsan kogei seimitsu kaihatsu kako kakō komuten kōmuten "
    "koumuten shoten shokai shōkai gumi foods farm farms industries industry industrial logistics electric "
    "precision manufacturing kaigo hanbai seika seimen insatsu kinzoku tosou tosō zosen zōsen kasei service "
    "services staff center centre care clinic steel metal metals plastics chemical textile motors "
    "jinzai haken plast kakou kousan unyuu kikou kensetu "
    "buhin seisakujo sōgyō sogyo kikai koki kōki shokuhin kosakusho kōsakusho seiki boshoku bōshoku boushoku "
    "jidosha jidōsha jidousha shatai "
    "fudousan fudosan fudōsan housei hosei hōsei kaiun kenzai jutaku juutaku jūtaku denshi bussan shoukai "
    "sekkei unso unsou unsō keibi seizo seizou seizō "
    # supervising bodies of trainees: "Tokai Kyodo Kumiai", "Chubu Jigyo Kyodo Kumiai"
    "kumiai kyodo-kumiai kyodo"
)
# Trade words that end a company's name only after a capitalised word: "Sakura Bento", "Bright Star Manpower"
# (a "bento" or "manpower" in lower case is a lunch box or the work force).
EMPLOYER_SUFFIXES_CAPITALISED = words(
    "bento manpower recruitment trading plastic kitchen restaurant spa press mart delica spice cafe bakery express "
    "transport garden"
)
# Japanese trade words as Thai, Khmer, Burmese, Nepali, Sinhala and Korean write them: "ซันวะ เซโกะ" (Sanwa Seiko),
# "មារូយ៉ាម៉ា កូហ្គ្យូ" (Maruyama Kogyo), "मारुई डेन्की" (Marui Denki), "कोबायासी शोकाई" (Kobayashi Shokai).
EMPLOYER_SUFFIXES_SCRIPTS = words(
    "โคเงียว โคเกียว โคเงียว เซโกะ เซย์โกะ เด็นกิ เดงกิ เดนกิ โชคุฮิน เคนเซ็ตสึ ซังเงียว ซันเกียว โชจิ ฟู้ดส์ คาเซ "
    "ซุยซัน เซซากุโช คาเซอิ "
    "កូហ្គ្យូ ខូហ្គ្យូ កូគ្យូ សេកូ សេអ៊ីកូ ដេនគី ស្យូគូហ៊ីន ហ្វូដ ហ្វ៊ូដ "
    "ကိုဂျို ကိုဂျိုး ဒန်ကီ ဒင်ကီ ဆေးကို ဖုဒ်စ် "
    "कोग्यो कोगियो कोग्यों सेइको सेको डेन्की डेंकी देन्की शोकाई सोकाई शोकुहिन केन्सेत्सु फुड्स फूड्स कासेई "
    "කොග්යෝ සෙයිකෝ ඩෙන්කි ෆුඩ්ස් "
    "푸즈 푸드 가세이 쇼카이 켄세츠 코교 로지스 케어"
)
# Trade words in easy Japanese's hiragana: "わたなべこうぎょう", "ひかり しょくひん".
EMPLOYER_SUFFIXES_KANA = words(
    "こうぎょう せいき しょくひん けんせつ でんき さんぎょう しょうじ うんゆ のうえん せいさくしょ ぶっさん "
    "こうむてん ぎけん せいこう ぶつりゅう すいさん きんぞく でんし かせい ほうせい しょうかい しょうてん ふーず"
)
# Words that, before a kana trade word, name a kind of goods rather than a company: "れいとう しょくひん".
EMPLOYER_NOT_A_NAME_KANA = frozenset(words("れいとう かこう けんこう きかい じどうしゃ でんし ちほう しょくりょう"))
# Trade words in Hangul, as Korean writes a Japanese company: "스즈키 덴키", "다이요 화학", "마루야마 농장".
EMPLOYER_SUFFIXES_HANGUL = words(
    "덴키 전기 화학 가가쿠 공업 고교 고오교 건설 겐세쓰 산업 산교 식품 쇼쿠힌 물산 상사 쇼지 농장 농원 수산 운수 물류 "
    "정밀 세이미쓰 제작소 세이사쿠쇼 기공 전자 금속 세이키 세이코"
)
# Words that, before a trade word, name an industry rather than a company: "Food Service", "Nursing Care".
INDUSTRY_WORDS = frozenset(
    words(
        "food foods nursing care cleaning building construction agriculture agricultural fishery fisheries "
        "hotel restaurant welding industrial machinery electronics electric automobile aviation accommodation "
        "shipbuilding manufacturing elderly home day child medical health security delivery staffing temp "
        "temporary dispatch customer"
    )
)
# Descriptors that end like a company name but name a trade ("冷凍食品").
EMPLOYER_NOT_A_NAME_JA = frozenset(words("冷凍 自動車 大手 中小 派遣 建設 食品 水産 農業 漁業 製造 電気 機械"))

EMPLOYER_CUES = (
    "会社名は",
    "会社名:",
    "勤務先は",
    "勤務先:",
    "勤め先は",
    "công ty tnhh",
    "công ty",
    "cong ty",
    "cty",
    "xí nghiệp",
    "nhà máy",
    "empresa",
    "fábrica",
    "fabrica",
    "firma",
    "company name is",
    "company name:",
    "company",
    "factory",
    "employer is",
    "employer:",
    "i work at",
    "i work for",
    "work at",
    "works at",
    "trabalho na",
    "trabajo en",
    "empreiteira",
    "empreiteiro",
    "demitido pela",
    "demitida pela",
    "contratado pela",
    "contratada pela",
    "agência",
    "agencia",
    "constructora",
    "empresa de",
    "trabalho pela",
    "trabalha na",
    "trabalha pela",
    "trabaja en",
    "nagtatrabaho sa",
    "派遣元の",
    "派遣元は",
    "派遣先の",
    "派遣先は",
    "派遣会社の",
    "派遣会社は",
    "勤務先の",
    "監理団体の",
    "監理団体は",
    "登録支援機関の",
    "登録支援機関は",
    "実習先の",
    "実習先は",
    "受け入れ企業の",
    "介護施設",
    "公司叫",
    "公司名叫",
    "公司是",
    "kompanya",
    "kumpanya",
    "pabrika",
    "agency",
    "perusahaan",
    "pabrik",
    "kerja di",
    "bekerja di",
    "pt.",
    "pt",
    "cv",
    "บริษัท",
    "โรงงาน",
    "주식회사",
    "(주)",
    "회사 이름은",
    "회사는",
    "회사:",
    "일하는 곳은",
    "ក្រុមហ៊ុន",
    "ကုမ္ပဏီ",
    "कम्पनी",
    "कम्पनीको नाम",
    "සමාගම",
)
EMPLOYER_SUFFIXES_LATIN = (
    "co., ltd.",
    "co.,ltd.",
    "co., ltd",
    "co.,ltd",
    "co. ltd",
    "inc.",
    "inc",
    "corp.",
    "corporation",
    "k.k.",
    "ltda",
    "ltda.",
    "s.a.",
    "company",
)
EMPLOYER_SUFFIXES_SCRIPT = ("公司", "회사", "कम्पनी", "සමාගම", "ကုမ္ပဏီ", "工場")

# Cues that say "a number follows" but not which: the nearest specific cue decides, else a phone.
GENERIC_NUMBER_CUES = (
    "番号",
    "ばんごう",
    "number",
    "no.",
    "número",
    "numero",
    "nomor",
    "số",
    "号码",
    "번호",
    "नम्बर",
    "අංකය",
    "លេខ",
    "เลขที่",
    "เลข",
    "နံပါတ်",
)
PHONE_CUES = (
    "電話",
    "でんわ",
    "tel",
    "phone",
    "携帯",
    "ケータイ",
    "けいたい",
    "sđt",
    "sdt",
    "số điện thoại",
    "so dien thoai",
    "điện thoại",
    "dt",
    "đt",
    "telefone",
    "celular",
    "whatsapp",
    "zap",
    "teléfono",
    "telefono",
    "เบอร์",
    "โทร",
    "전화",
    "电话",
    "手机",
    "hp",
    "wa",
    "telepon",
    "फोन",
    "मोबाइल",
    "දුරකථන",
    "ဖုန်း",
    "ទូរស័ព្ទ",
    "cellphone",
    "cp",
    "numero ko",
    "viber",
    "zalo",
    "line",
    "call",
    "mobile",
    "contact",
    "連絡先",
)
MY_NUMBER_CUES = ("マイナンバー", "個人番号", "my number", "mynumber", "まいなんばー", "mã số cá nhân", "マイナ")
FOREIGN_ID_CUES = (
    "cpf",
    "rg",
    "cccd",
    "cmnd",
    "căn cước",
    "can cuoc",
    "chứng minh",
    "身份证",
    "주민",
    "ktp",
    "nik",
    "philsys",
    "sss",
    "umid",
    "nic",
    "नागरिकता",
    "citizenship",
    "national id",
    "id card",
    "dni",
    "cédula",
    "cedula",
    "บัตรประชาชน",
    "អត្តសញ្ញាណប័ណ្ណ",
    "မှတ်ပုံတင်",
    "හැඳුනුම්පත",
    "id number",
    "身分証",
    "identidade",
    "国民id",
)
BANK_CUES = (
    "口座",
    "futsu",
    "futsuu",
    "futsū",
    "ゆうちょ",
    "普通",
    "当座",
    "支店",
    "記号",
    "account",
    "acct",
    "a/c",
    "tài khoản",
    "stk",
    "tk",
    "conta",
    "agência",
    "cuenta",
    "บัญชี",
    "계좌",
    "账号",
    "账户",
    "银行",
    "rekening",
    "no. rek",
    "norek",
    "खाता",
    "ගිණුම",
    "ဘဏ်",
    "គណនី",
    "bank",
    "banco",
    "ngân hàng",
    "口座番号",
    "ぎんこう",
    "こうざ",
)
PASSPORT_CUES = (
    "passport",
    "パスポート",
    "ぱすぽーと",
    "旅券",
    "hộ chiếu",
    "ho chieu",
    "passaporte",
    "pasaporte",
    "paspor",
    "ပတ်စပို့",
    "ပတ်စ်ပို့",
    "ගමන් බලපත්",
    "หนังสือเดินทาง",
    "พาสปอร์ต",
    "여권",
    "护照",
    "លិខិតឆ្លងដែន",
    "राहदानी",
    "पासपोर्ट",
    "パスポート番号",
    "နိုင်ငံကူးလက်မှတ်",
    "pasaporte no",
    "pasport",
)
RESIDENCE_CARD_CUES = (
    "在留カード",
    "ざいりゅうカード",
    "ไซริว",
    "ဇိုင်ရူးကတ်",
    "특별영주자",
    "증명서",
    "ざいりゅうかーど",
    "特別永住者証明書",
    "特別永住",
    "在留卡",
    "thẻ cư trú",
    "the cu tru",
    "thẻ ngoại kiều",
    "zairyu",
    "residence card",
    "cartão de residência",
    "cartao de residencia",
    "tarjeta de residencia",
    "kartu izin tinggal",
    "외국인등록",
    "체류카드",
    "residence card no",
)
POSTAL_CUES = (
    "〒",
    "郵便番号",
    "postal",
    "zip",
    "cep",
    "mã bưu",
    "ゆうびんばんごう",
    "邮编",
    "우편번호",
    "पोस्ट",
    "පෝස්ට්",
    "รหัสไปรษณีย์",
    "kode pos",
    "código postal",
    "codigo postal",
)
BIRTH_CUES_BEFORE = (
    "生年月日",
    "誕生日",
    "たんじょうび",
    "せいねんがっぴ",
    "ngày sinh",
    "ngay sinh",
    "sinh ngày",
    "sinh ngay",
    "nascimento",
    "nasci em",
    "nasci no dia",
    "date of birth",
    "dob",
    "d.o.b",
    "born on",
    "born",
    "birthday",
    "birth date",
    "fecha de nacimiento",
    "nací el",
    "naci el",
    "วันเกิด",
    "เกิดวันที่",
    "생년월일",
    "생일",
    "出生日期",
    "生日",
    "出生于",
    "tanggal lahir",
    "tgl lahir",
    "lahir",
    "जन्म मिति",
    "जन्ममिति",
    "उपन्",
    "උපන් දිනය",
    "උපන්දිනය",
    "မွေးနေ့",
    "မွေးသက္ကရာဇ်",
    "ថ្ងៃខែឆ្នាំកំណើត",
    "កើតថ្ងៃ",
    "kaarawan",
    "ipinanganak",
    "petsa ng kapanganakan",
    # the same said other ways, in each language
    "nasceu",
    "nasceram",
    "nasci",
    "data de nasc",
    "dt. nasc",
    "nació",
    "nacio",
    "nacimiento",
    "fecha de nac",
    "năm sinh",
    "sinh năm",
    "sinh nam",
    "ngày tháng năm sinh",
    "ttl",
    "tempat tanggal lahir",
    "tempat/tgl lahir",
    "dilahirkan",
    "isinilang",
    "kapanganakan",
    "bday",
    "b-day",
    "date of birth",
    "birthdate",
    "วันเดือนปีเกิด",
    "เกิดเมื่อ",
    "เกิด",
    "កើត",
    "ថ្ងៃកំណើត",
    "ខួបកំណើត",
    "မွေး",
    "ဖွားနေ့",
    "ဖွားသက္ကရာဇ်",
    "जन्म",
    "जन्मदिन",
    "उपन्",
    "උපන්",
    "උපන්නේ",
    "උපන් දිනය",
    "출생",
    "출생일",
    "태어",
    "生年月日",
    "出生年月",
    "出生",
    "うまれた",
    "たんじょうび",
)
BIRTH_CUES_AFTER = (
    "生まれ",
    "うまれ",
    "生",
    "sinh",
    "born",
    "nascido",
    "nascida",
    "생",
    "出生",
    "lahir",
    "जन्म",
    "मा जन्म",
    "မွေး",
    "မှာ မွေး",
    "တွင် မွေး",
    "ဖွား",
    "උපන්",
    "ට උපන්",
    "កើត",
    "เกิด",
    "ipinanganak",
    "태어",
)

ADDRESS_CUES = (
    "住所は",
    "住所:",
    "住所",
    "じゅうしょは",
    "じゅうしょ",
    "địa chỉ",
    "dia chi",
    "endereço",
    "endereco",
    "address is",
    "address:",
    "my address",
    "dirección",
    "direccion",
    "ที่อยู่",
    "주소는",
    "주소",
    "地址",
    "alamat",
    "ठेगाना",
    "ලිපිනය",
    "လိပ်စာ",
    "អាសយដ្ឋាន",
    "tirahan",
    "nakatira ako sa",
    "nakatira sa",
    "tinggal di",
    "sống ở",
    "song o",
    "moro em",
    "moro no",
    "vivo en",
    "i live in",
    "i live at",
    "live in",
)
HANDLE_CUES = (
    "line id",
    "lineid",
    "line",
    "ライン",
    "らいん",
    "zalo",
    "whatsapp",
    "whats app",
    "wechat",
    "weixin",
    "微信",
    "telegram",
    "facebook",
    "fb",
    "ไลน์",
    "ไลน์ไอดี",
    "messenger",
    "viber",
    "instagram",
    "insta",
    "ig",
    "kakaotalk",
    "kakao",
    "카톡",
    "카카오톡",
    "tiktok",
    "imo",
    "skype",
    "signal",
    # the same apps as people write them in each language
    "zap",
    "zapzap",
    "wasap",
    "guasap",
    "face",
    "tik tok",
    "fb messenger",
    "เฟซบุ๊ก",
    "เฟซบุ๊ค",
    "เฟสบุ๊ค",
    "เฟสบุ๊ก",
    "เฟส",
    "ไอจี",
    "อินสตาแกรม",
    "ติ๊กต็อก",
    "ไลน์ไอดี",
    "แอดไลน์",
    "ហ្វេសប៊ុក",
    "ហ្វេសបុក",
    "ហ្វេស",
    "តេឡេក្រាម",
    "ឡាញ",
    "អាញ",
    "ဖေ့ဘုတ်",
    "ဖေ့စ်ဘုတ်",
    "ဖေ့စ်ဘွတ်ခ်",
    "ဖေ့ဘွတ်",
    "ဗိုက်ဘာ",
    "ဗီုက်ဘာ",
    "တယ်လီဂရမ်",
    "လိုင်း",
    "फेसबुक",
    "फेसबूक",
    "भाइबर",
    "ह्वाट्सएप",
    "ह्वाट्सएप्प",
    "वाट्सएप",
    "इन्स्टाग्राम",
    "इन्स्टा",
    "टिकटक",
    "मेसेन्जर",
    "लाइन",
    "ෆේස්බුක්",
    "ෆේස්බුක්",
    "වයිබර්",
    "වට්ස්ඇප්",
    "වට්සැප්",
    "ඉන්ස්ටග්‍රෑම්",
    "ටික්ටොක්",
    "페이스북",
    "인스타",
    "인스타그램",
    "틱톡",
    "라인",
    "텔레그램",
    "왓츠앱",
    "脸书",
    "臉書",
    "微信号",
    "抖音",
    "推特",
    "フェイスブック",
    "フェースブック",
    "インスタ",
    "インスタグラム",
    "ティックトック",
    "ワッツアップ",
    "テレグラム",
    "ふぇいすぶっく",
    "페북",
    "ไอดี",
    "ไอดีไลน์",
)
# Cues of an account id (Latin letters), not of a name shown: "ไลน์ไอดี somchai_99", never "ไลน์ มาได้ค่ะ".
HANDLE_CUES_OF_IDS = frozenset(
    ("line id", "lineid", "line", "ライン", "らいん", "ไลน์", "ไลน์ไอดี", "แอดไลน์", "ไอดี", "ไอดีไลน์", "라인", "카톡")
)
# Apps whose name is no common word: after one of these, an account name in lower case is taken without "is" or ":".
HANDLE_CUES_UNAMBIGUOUS = frozenset(
    words("zalo whatsapp wechat weixin telegram facebook fb messenger viber instagram insta ig kakaotalk kakao tiktok")
)
