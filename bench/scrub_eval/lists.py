# ruff: noqa: E501 - names in 15 scripts, one language a line
"""The evaluation's own lists of names, companies and places, written by hand for it.

Nothing here comes from the scrubber or from UniDic: the point of the generated set is that the scrubber's
knowledge is tested on names and places chosen independently. Each list alternates between the development
half (even positions) and the held-out half (odd positions); see generate.py.
"""

from __future__ import annotations

# Japanese surnames: (kanji, romaji as commonly written, katakana).
SURNAMES = [
    ("佐藤", "Sato", "サトウ"), ("鈴木", "Suzuki", "スズキ"), ("高橋", "Takahashi", "タカハシ"),
    ("田中", "Tanaka", "タナカ"), ("伊藤", "Ito", "イトウ"), ("渡辺", "Watanabe", "ワタナベ"),
    ("山本", "Yamamoto", "ヤマモト"), ("中村", "Nakamura", "ナカムラ"), ("小林", "Kobayashi", "コバヤシ"),
    ("加藤", "Kato", "カトウ"), ("吉田", "Yoshida", "ヨシダ"), ("山田", "Yamada", "ヤマダ"),
    ("佐々木", "Sasaki", "ササキ"), ("松本", "Matsumoto", "マツモト"), ("井上", "Inoue", "イノウエ"),
    ("木村", "Kimura", "キムラ"), ("林", "Hayashi", "ハヤシ"), ("斎藤", "Saito", "サイトウ"),
    ("清水", "Shimizu", "シミズ"), ("山崎", "Yamazaki", "ヤマザキ"), ("森", "Mori", "モリ"),
    ("池田", "Ikeda", "イケダ"), ("橋本", "Hashimoto", "ハシモト"), ("阿部", "Abe", "アベ"),
    ("石川", "Ishikawa", "イシカワ"), ("山下", "Yamashita", "ヤマシタ"), ("中島", "Nakajima", "ナカジマ"),
    ("石井", "Ishii", "イシイ"), ("小川", "Ogawa", "オガワ"), ("前田", "Maeda", "マエダ"),
    ("岡田", "Okada", "オカダ"), ("長谷川", "Hasegawa", "ハセガワ"), ("藤田", "Fujita", "フジタ"),
    ("後藤", "Goto", "ゴトウ"), ("近藤", "Kondo", "コンドウ"), ("村上", "Murakami", "ムラカミ"),
    ("遠藤", "Endo", "エンドウ"), ("青木", "Aoki", "アオキ"), ("坂本", "Sakamoto", "サカモト"),
    ("福田", "Fukuda", "フクダ"), ("西村", "Nishimura", "ニシムラ"), ("藤井", "Fujii", "フジイ"),
    ("金子", "Kaneko", "カネコ"), ("岡本", "Okamoto", "オカモト"), ("藤原", "Fujiwara", "フジワラ"),
    ("中野", "Nakano", "ナカノ"), ("三浦", "Miura", "ミウラ"), ("原田", "Harada", "ハラダ"),
    ("松田", "Matsuda", "マツダ"), ("竹内", "Takeuchi", "タケウチ"), ("小野", "Ono", "オノ"),
    ("田村", "Tamura", "タムラ"), ("中山", "Nakayama", "ナカヤマ"), ("和田", "Wada", "ワダ"),
    ("石田", "Ishida", "イシダ"), ("森田", "Morita", "モリタ"), ("柴田", "Shibata", "シバタ"),
    ("酒井", "Sakai", "サカイ"), ("工藤", "Kudo", "クドウ"), ("横山", "Yokoyama", "ヨコヤマ"),
    ("宮本", "Miyamoto", "ミヤモト"), ("内田", "Uchida", "ウチダ"), ("高木", "Takagi", "タカギ"),
    ("安藤", "Ando", "アンドウ"), ("島田", "Shimada", "シマダ"), ("谷口", "Taniguchi", "タニグチ"),
    ("丸山", "Maruyama", "マルヤマ"), ("今井", "Imai", "イマイ"), ("河野", "Kono", "コウノ"),
    ("村田", "Murata", "ムラタ"), ("武田", "Takeda", "タケダ"), ("杉山", "Sugiyama", "スギヤマ"),
    ("増田", "Masuda", "マスダ"), ("平野", "Hirano", "ヒラノ"), ("大塚", "Otsuka", "オオツカ"),
    ("久保", "Kubo", "クボ"), ("松井", "Matsui", "マツイ"), ("小島", "Kojima", "コジマ"),
    ("岩崎", "Iwasaki", "イワサキ"), ("桜井", "Sakurai", "サクライ"), ("野口", "Noguchi", "ノグチ"),
    ("松尾", "Matsuo", "マツオ"), ("野村", "Nomura", "ノムラ"), ("木下", "Kinoshita", "キノシタ"),
    ("菊地", "Kikuchi", "キクチ"), ("佐野", "Sano", "サノ"), ("大西", "Onishi", "オオニシ"),
    ("杉本", "Sugimoto", "スギモト"), ("新井", "Arai", "アライ"), ("浜田", "Hamada", "ハマダ"),
    ("菅原", "Sugawara", "スガワラ"), ("水野", "Mizuno", "ミズノ"), ("小松", "Komatsu", "コマツ"),
    ("西田", "Nishida", "ニシダ"), ("堀内", "Horiuchi", "ホリウチ"), ("北村", "Kitamura", "キタムラ"),
]  # fmt: skip

GIVEN_NAMES = [
    ("太郎", "Taro"), ("健太", "Kenta"), ("翔太", "Shota"), ("大輔", "Daisuke"), ("健一", "Kenichi"),
    ("誠", "Makoto"), ("浩", "Hiroshi"), ("隆", "Takashi"), ("直樹", "Naoki"), ("拓也", "Takuya"),
    ("和也", "Kazuya"), ("裕子", "Yuko"), ("恵子", "Keiko"), ("美香", "Mika"), ("直美", "Naomi"),
    ("由美", "Yumi"), ("久美子", "Kumiko"), ("陽子", "Yoko"), ("明美", "Akemi"), ("真由美", "Mayumi"),
    ("幸子", "Sachiko"), ("修", "Osamu"), ("茂", "Shigeru"), ("勇", "Isamu"), ("聡", "Satoshi"),
    ("学", "Manabu"), ("実", "Minoru"), ("剛", "Tsuyoshi"), ("亮", "Ryo"), ("雄一", "Yuichi"),
    ("正樹", "Masaki"), ("秀樹", "Hideki"), ("一郎", "Ichiro"), ("洋子", "Yoko"), ("智子", "Tomoko"),
    ("和彦", "Kazuhiko"), ("信也", "Shinya"), ("康弘", "Yasuhiro"), ("恵美", "Emi"), ("達也", "Tatsuya"),
]  # fmt: skip

# Small companies: the name a migrant would write, and how it is written in their message.
COMPANIES_KANA = [
    "ひまわり農園", "やまびこ建設", "みどり食品", "さくら縫製", "あおぞら運輸", "ことぶき水産", "はなまる介護",
    "つばさ物流", "マルヤマ工業", "カネコ精工", "ヤマイチ水産", "サンワ電機", "トーヨー技研", "ミナミ製作所",
    "ホクト産業", "アサヒ鉄工所",
]  # fmt: skip
COMPANIES_KANJI = [
    "丸正水産", "大和運輸", "富士精工", "北斗産業", "三星縫製", "東洋技研", "日進工業", "中央食品",
    "山一建設", "旭鉄工所", "松葉農園", "光洋電機", "協和製作所", "太陽物流", "大栄商事", "昭和興業",
]  # fmt: skip
COMPANIES_LATIN = [
    "Maruyama Kogyo", "Kaneko Seiko", "Yamaichi Suisan", "Sanwa Denki", "Toyo Giken", "Minami Seisakusho",
    "Hokuto Sangyo", "Asahi Tekko", "Marusho Foods", "Daiwa Unyu", "Fuji Seiko", "Nisshin Kogyo",
    "Chuo Shokuhin", "Koyo Denki", "Kyowa Seisakusho", "Taiyo Butsuryu",
]  # fmt: skip

# Municipalities where many migrants live and work: (kanji, romaji, kind suffix in romaji).
TOWNS = [
    ("伊勢崎市", "Isesaki", "shi"), ("太田市", "Ota", "shi"), ("大泉町", "Oizumi", "machi"),
    ("浜松市", "Hamamatsu", "shi"), ("豊橋市", "Toyohashi", "shi"), ("豊田市", "Toyota", "shi"),
    ("可児市", "Kani", "shi"), ("美濃加茂市", "Minokamo", "shi"), ("常総市", "Joso", "shi"),
    ("鈴鹿市", "Suzuka", "shi"), ("四日市市", "Yokkaichi", "shi"), ("岡崎市", "Okazaki", "shi"),
    ("小山市", "Oyama", "shi"), ("川口市", "Kawaguchi", "shi"), ("上田市", "Ueda", "shi"),
    ("松本市", "Matsumoto", "shi"), ("菊川市", "Kikugawa", "shi"), ("掛川市", "Kakegawa", "shi"),
    ("磐田市", "Iwata", "shi"), ("桐生市", "Kiryu", "shi"), ("館林市", "Tatebayashi", "shi"),
    ("足利市", "Ashikaga", "shi"), ("神栖市", "Kamisu", "shi"), ("八街市", "Yachimata", "shi"),
    ("西尾市", "Nishio", "shi"), ("安城市", "Anjo", "shi"), ("刈谷市", "Kariya", "shi"),
    ("小牧市", "Komaki", "shi"), ("大垣市", "Ogaki", "shi"), ("亀山市", "Kameyama", "shi"),
    ("市川市", "Ichikawa", "shi"), ("藤岡市", "Fujioka", "shi"), ("高崎市", "Takasaki", "shi"),
    ("小松市", "Komatsu", "shi"), ("福山市", "Fukuyama", "shi"), ("今治市", "Imabari", "shi"),
]  # fmt: skip

PREFECTURES = [
    ("群馬県", "Gunma"), ("愛知県", "Aichi"), ("静岡県", "Shizuoka"), ("岐阜県", "Gifu"), ("三重県", "Mie"),
    ("茨城県", "Ibaraki"), ("栃木県", "Tochigi"), ("埼玉県", "Saitama"), ("千葉県", "Chiba"),
    ("長野県", "Nagano"), ("広島県", "Hiroshima"), ("福岡県", "Fukuoka"), ("大阪府", "Osaka"),
    ("神奈川県", "Kanagawa"),
]  # fmt: skip

STREETS = [
    ("若葉町", "Wakaba-cho"), ("本町", "Hon-cho"), ("緑町", "Midori-cho"), ("旭町", "Asahi-cho"),
    ("栄町", "Sakae-cho"), ("桜ヶ丘", "Sakuragaoka"), ("東新町", "Higashishin-machi"), ("宮前", "Miyamae"),
    ("昭和町", "Showa-cho"), ("中島町", "Nakajima-cho"), ("泉町", "Izumi-cho"), ("寿町", "Kotobuki-cho"),
]  # fmt: skip

# Migrants' own names, in their own script and as they type them in Latin letters.
FOREIGN_NAMES = {
    "vi": ["Nguyễn Văn Hải", "Trần Thị Lan", "Lê Minh Tuấn", "Phạm Thị Hồng", "Đặng Quốc Bảo", "Vũ Thị Ngọc"],
    "en": ["Maria Santos", "Ramesh Thapa", "Joseph Mensah", "Anita Gurung", "Daniel Okafor", "Grace Mwangi"],
    "pt_BR": ["João Pereira da Silva", "Ana Paula Souza", "Carlos Eduardo Lima", "Juliana Ferreira", "Marcos Oliveira",
              "Patrícia Gomes"],
    "es": ["José Luis Quispe", "María Fernanda Rojas", "Luis Alberto Mamani", "Rosa Huamán", "Jorge Paredes",
           "Carmen Vargas"],
    "fil": ["Maricel dela Cruz", "Jonathan Bautista", "Rowena Villanueva", "Mark Anthony Reyes", "Jennilyn Garcia",
            "Rodel Mendoza"],
    "id": ["Siti Nurhaliza", "Budi Santoso", "Agus Setiawan", "Dewi Lestari", "Rizky Pratama", "Eko Prasetyo"],
    "ne": ["राम बहादुर थापा", "सीता गुरुङ", "बिकास श्रेष्ठ", "सुनिता तामाङ", "हरि प्रसाद पौडेल", "अनिता राई"],
    "km": ["សុខ ដារ៉ា", "ចាន់ សុភា", "ហេង វណ្ណា", "គឹម ស្រីនាង", "ម៉ៅ សំអាត", "ឡុង ពិសី"],
    "my": ["မောင်မောင်ဦး", "အေးအေးမြင့်", "ကျော်ဇင်ထွန်း", "သီတာဝင်း", "ဇော်မင်းထက်", "နန်းဆုမြတ်"],
    "si": ["නිමල් පෙරේරා", "කමලා ජයසිංහ", "සුනිල් බණ්ඩාර", "දිල්රුක්ෂි සිල්වා", "චමින්ද රත්නායක", "ශානිකා ප්‍රනාන්දු"],
    "th": ["สมชาย ใจดี", "สุดารัตน์ แก้วมณี", "ประเสริฐ ทองคำ", "วิไลวรรณ ศรีสุข", "อนุชา บุญมา", "กาญจนา พรหมมา"],
    "ko": ["김민준", "이서연", "박지훈", "최유진", "정태현", "강수빈"],
    "zh_Hans": ["王建国", "李秀英", "张伟", "刘芳", "陈志强", "杨丽"],
    "ja": ["グエン・ヴァン・ハイ", "マリア・サントス", "ジョアン・ペレイラ", "ラメシュ・タパ", "シティ・ヌルハリザ", "ホセ・キスペ"],
    "ja_easy": ["グエン・ティ・ラン", "アナ・ソウザ", "ビカス・シュレスタ", "デウィ・レスタリ", "ロウェナ・ビリャヌエバ", "ソック・ダラ"],
}  # fmt: skip
