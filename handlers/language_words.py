"""Words that tell our Latin-script languages apart, for handlers.language.

Short chat messages are where a statistical detector guesses: "mi visa vence pronto" has as many Portuguese as
Spanish letter sequences, but "mi" is Spanish and not Portuguese. These lists hold each language's most frequent
function words and chat words (pronouns, articles, particles, polite words, question words, everyday nouns of a
hotline), written as people type them, with and without accents. A word that is common in two of our languages
("no", "de", "que", "me", "para", "anak", "kami") is left out of both lists: it tells nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["NEUTRAL_WORDS", "SHARED_SYLLABLES", "VIETNAMESE_SYLLABLES", "telling_words"]


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words everyone types whatever their language; alone they say nothing about it.
NEUTRAL_WORDS = _word_set(
    "ok okay okey oke okie k hi hii hello helo hallo hey heyy yes yeah yep no nope thanks thank thx tnx ty "
    "lol haha hahaha hehe wkwk please pls plz sorry bye test visa"
)

# Common Vietnamese syllables as typed without diacritics, plus chat shorthands (dc = được, j = gì).
VIETNAMESE_SYLLABLES = _word_set(
    """
    toi anh chi chu ong minh chung bi duoc khong co phai muon giup xin hoi cho biet lam viec cong ty
    luong thang ngay tuan gio nam nay roi chua dang cua voi nhung nhu rat nhieu dau gi vay thi neu
    khi len xuong tra tien nha thue tro giay hop ky phep tru gia doi nghi nguoi nuoc nhat viet tieng
    noi chuyen hoc truong benh vien bao hiem chieu nghiep doan sep danh chui thuc tap sinh dac dinh
    cat giu vo chong trai gai bung om sot kham thuoc luat van duong xe uong ngu kia nhe dc j ak ui
    trong ngoai them tang giam dem sang mai hom qua sau truoc lai het hieu mang cam
    """
)
# Vietnamese syllables that are also everyday words in Portuguese, Spanish, English, Tagalog or
# Indonesian: they neither count for Vietnamese nor against it.
SHARED_SYLLABLES = _word_set(
    """
    em da se di ve con ba oi the can an o a ma la ho ca han tu su mat ra do no bat thai chao ay hay den
    ban vi day nao sao ko dong bot k ah
    """
)

_CANDIDATES: Mapping[str, frozenset[str]] = {
    "pt_BR": _word_set(
        """
        não nao eu você voce vc vcs vocês voces meu minha meus minhas seu sua com uma um umas uns pra pro pela
        pelo obrigado obrigada obg valeu tudo bem muito muita também tambem estou tô tá é sou tem tenho preciso
        quero posso pode ajuda ajudar olá ola boa bom noite sim agora ainda então entao isso esse essa onde
        quando mais já ja alguém alguem ninguém ele ela eles elas dinheiro trabalho emprego filho filha hoje
        amanhã amanha ontem fazer faço faco sei quer vai vou foi
        """
    ),
    "es": _word_set(
        """
        el los las del al en y yo tú usted ustedes mi mis tengo tienes tiene necesito quiero puedo puede pueden
        estoy están es soy muy bien gracias hola buenas buenos días noches tardes porfa ayuda ayudar
        ayúdenme pero también sé qué cuánto cuanto cómo dónde donde cuando cuándo trabajo dinero sueldo hijo
        hija esposo mañana ayer hoy año hacer hago entiendo alguien nadie ahora todavía aquí allí eso esto una
        un unos unas con sin le les sus
        """
    ),
    "en": _word_set(
        """
        i im i'm my you your the an and is are was were be been have has had does did don't dont can't cant
        could would will not what how where when why who this that it its it's there they we our she his her
        them of in for with from about help need want get got go going know understand job work money boss
        today tomorrow yesterday someone anyone anybody home back
        """
    ),
    "fil": _word_set(
        """
        po opo ako ko mo ka siya sila kayo nyo ninyo niyo namin natin ang ng mga sa yung ung yun na lang naman
        din rin talaga hindi wala mayroon meron pwede puwede paano pano bakit saan asan nasaan kailan magkano
        salamat maraming sige tulong tulungan trabaho pera kumpanya bahay asawa ngayon bukas kahapon dito doon
        ito iyan yan nga kuya
        """
    ),
    "id": _word_set(
        """
        saya aku gue gw kamu mereka yang dan ke dari ini itu ada tidak gak nggak enggak bukan sudah udah belum
        bisa boleh harus dengan untuk karena tapi juga aja saja apa gimana bagaimana kenapa mengapa kapan dimana
        berapa siapa tolong bantu bantuan terima kasih makasih mohon maaf permisi kak mbak pak deh sih nih
        banget sekali kerja gaji uang perusahaan rumah hari besok kemarin sekarang minta tanya
        """
    ),
}


def _telling(candidates: Mapping[str, frozenset[str]]) -> Mapping[str, str]:
    """Each word listed for exactly one locale, with that locale: a word listed twice tells nothing."""
    counts = Counter(word for words in candidates.values() for word in words)
    return MappingProxyType(
        {word: locale for locale, words in candidates.items() for word in words if counts[word] == 1}
    )


# Word (casefolded) -> the one Latin-script locale it tells.
_TELLING_WORDS: Mapping[str, str] = _telling(_CANDIDATES)

# Letters no other of our Latin-script languages writes: ă đ ơ ư ĩ ũ and the dot-below and hook-above vowels.
_VIETNAMESE_ONLY = frozenset("ăđơưĩũ" + "".join(chr(point) for point in range(0x1EA0, 0x1EFA)))
# Then ñ for Spanish and ç for Portuguese. Portuguese ã õ â ê ô à are Vietnamese letters too, which lingua tells
# apart well by the letters around them ("Xin chào" is Vietnamese, "três" Portuguese): they count for neither.
_SPANISH_ONLY = frozenset("ñ")
_PORTUGUESE_ONLY = frozenset("ç")


def telling_words(words: list[str]) -> Counter[str]:
    """How many of the casefolded `words` tell each locale, by themselves or by a letter."""
    told: Counter[str] = Counter()
    for word in words:
        letters = frozenset(word)
        if word in _TELLING_WORDS:
            told[_TELLING_WORDS[word]] += 1
        elif letters & _VIETNAMESE_ONLY:
            told["vi"] += 1
        elif letters & _SPANISH_ONLY:
            told["es"] += 1
        elif letters & _PORTUGUESE_ONLY:
            told["pt_BR"] += 1
    return told
