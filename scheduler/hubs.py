"""The hub map: prefectures, regional hubs, their neighbours and emergency contacts, read from hubs.toml.

The file keeps codes, numbers and the names people type; the words a person reads (hub and prefecture names,
a contact's label and hours) are English message ids here, translated through the catalogs like any other text:
`extract_words` hands them to `pybabel extract` with a context each (`PLACE_CONTEXTS`).
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any, TypeVar

DEFAULT_PATH = Path(__file__).with_name("hubs.toml")
PREFECTURE_CODES = range(1, 48)

# Administrative words people add around a prefecture name, already in normalised form (see _key).
_SUFFIXES = (
    "prefecture", "metropolis", "province", "pref", "ken", "to", "fu",
    "けん", "と", "ふ", "県", "都", "府", "县", "縣", "현", "도", "부",
)  # fmt: skip
_PREFIXES = (
    "prefecturede", "prefecturade", "prefeiturade", "provinciade", "prefectureof", "thanhpho", "tinh",
    "จังหวัด", "ខេត្ត",
)  # fmt: skip
# Korean attaches particles to the noun ("군마현에" = "in Gunma"); strip them when scanning a sentence.
_HANGUL_PARTICLES = ("이에요", "입니다", "에서", "에요", "예요", "에", "은", "는", "이", "가", "요")
_SCAN_MAX_CHARS = 300

_T = TypeVar("_T")

# The catalog context of each kind of word in the hub map, so "Kansai" the region and a same-named word elsewhere
# can be translated apart.
REGION = "region"
PREFECTURE = "prefecture"
HELP_LINE = "help line"
OPENING_HOURS = "opening hours"


class HubMapError(ValueError):
    """The hub map file is inconsistent; the message names the problem in one sentence."""


class UnknownHub(ValueError):
    """A hub code the hub map does not have; the message lists the codes it has."""


@dataclass(frozen=True)
class Prefecture:
    code: int
    name_ja: str
    name_en: str
    kana: str
    hub: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class EmergencyContact:
    """A number to call. `label` and `hours` are English message ids (contexts HELP_LINE, OPENING_HOURS)."""

    label: str
    number: str
    hours: str
    free: bool


@dataclass(frozen=True)
class Hub:
    code: str
    name_ja: str
    name_en: str
    prefectures: tuple[int, ...]
    neighbours: tuple[str, ...]
    emergency_contacts: tuple[EmergencyContact, ...]


@dataclass(frozen=True)
class HubMap:
    hubs: Mapping[str, Hub]
    prefectures: Mapping[int, Prefecture]
    national_contacts: tuple[EmergencyContact, ...] = ()
    _names: Mapping[str, int] = field(init=False, repr=False, compare=False)
    _scan_lengths: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = _name_index(self.prefectures.values())
        object.__setattr__(self, "_names", MappingProxyType(names))
        lengths = sorted({len(k) for k in names if _scannable(k)}, reverse=True)
        object.__setattr__(self, "_scan_lengths", tuple(lengths))

    def hub_for_prefecture(self, code: int) -> Hub:
        """The hub serving prefecture `code` (JIS 1..47); raises KeyError for an unknown code."""
        return self.hubs[self.prefectures[code].hub]

    def prefectures_of(self, hub: str) -> tuple[Prefecture, ...]:
        return tuple(self.prefectures[c] for c in self.hubs[hub].prefectures)

    def check_codes(self, codes: Iterable[str]) -> list[str]:
        """`codes` as given when every one is a hub of the map; raises UnknownHub naming the first that is not."""
        checked = list(codes)
        for code in checked:
            if code not in self.hubs:
                raise UnknownHub(f"There is no hub {code!r}: the hub codes are {', '.join(self.hubs)}.")
        return checked

    def are_neighbours(self, a: str, b: str) -> bool:
        return a in self.hubs and b in self.hubs[a].neighbours

    def find_prefecture(self, text: str) -> Prefecture | None:
        """The prefecture `text` names, typed in any script, or None when it names none or several.

        A bare name ("Gunma", "群马", "군마현", "gunma-ken") matches outright. Otherwise the text is scanned
        as a sentence ("I live in Gunma", "群馬県に住んでいます"); such a match may be a surname or a
        common word, so a conversation should confirm it with the person.
        """
        key = _key(text)
        code = self._lookup(key)
        if code is None:
            found = set(self._scan(text[:_SCAN_MAX_CHARS]))
            code = found.pop() if len(found) == 1 else None
        return None if code is None else self.prefectures[code]

    def _lookup(self, key: str) -> int | None:
        if not key:
            return None
        for variant in _variants(key):
            if variant in self._names:
                return self._names[variant]
        return None

    def _scan(self, text: str) -> Iterator[int]:
        words = [_key(w) for w in _words(_normalise(text))]
        words = [w for w in words if w]
        for i, word in enumerate(words):
            code = self._lookup(word)
            if code is None and i + 1 < len(words):
                code = self._lookup(word + words[i + 1])
            if code is None and _is_hangul(word):
                code = self._lookup_without_particle(word)
            if code is not None:
                yield code
            elif not word.isascii() and not _is_hangul(word):
                yield from self._scan_unspaced(word)

    def _lookup_without_particle(self, word: str) -> int | None:
        for particle in _HANGUL_PARTICLES:
            if word.endswith(particle):
                code = self._lookup(word[: -len(particle)])
                if code is not None:
                    return code
        return None

    def _scan_unspaced(self, word: str) -> Iterator[int]:
        # Leftmost-longest, so 東京都 is read as Tokyo and never as 京都 (Kyoto).
        i = 0
        while i < len(word):
            for length in self._scan_lengths:
                piece = word[i : i + length]
                if len(piece) == length and piece in self._names and _scannable(piece):
                    yield self._names[piece]
                    i += length
                    break
            else:
                i += 1


def load_hub_map(path: Path | None = None) -> HubMap:
    """Read and validate a hub map; without `path`, the packaged hubs.toml (read once, then cached).

    Raises HubMapError naming what is wrong in the file.
    """
    if path is None:
        return _default_hub_map()
    return _load(path)


@cache
def _default_hub_map() -> HubMap:
    return _load(DEFAULT_PATH)


def _load(path: Path) -> HubMap:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise HubMapError(f"{path}: cannot be read ({exc}).") from exc
    except tomllib.TOMLDecodeError as exc:
        raise HubMapError(f"{path}: is not valid TOML ({exc}).") from exc
    try:
        return _parse(raw)
    except HubMapError as exc:
        raise HubMapError(f"{path}: {exc}") from None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise HubMapError(f"{path}: an entry is missing a field or has the wrong type ({exc!r}).") from None


def _parse(raw: dict[str, Any]) -> HubMap:
    raw_hubs: dict[str, Any] = raw.get("hubs", {})
    if not raw_hubs:
        raise HubMapError("no [hubs.<code>] table is defined.")
    prefectures: dict[int, Prefecture] = {}
    for entry in raw.get("prefectures", []):
        p = Prefecture(
            code=_typed(entry["code"], int, "prefecture code"),
            name_ja=_typed(entry["name_ja"], str, "name_ja"),
            name_en=_typed(entry["name_en"], str, "name_en"),
            kana=_typed(entry["kana"], str, "kana"),
            hub=_typed(entry["hub"], str, "hub"),
            aliases=tuple(_typed(a, str, "alias") for a in entry.get("aliases", [])),
        )
        if p.code not in PREFECTURE_CODES:
            raise HubMapError(f"prefecture {p.name_ja} has code {p.code}, outside 1..47.")
        if p.code in prefectures:
            raise HubMapError(f"prefecture code {p.code} is listed twice.")
        if p.hub not in raw_hubs:
            raise HubMapError(f"prefecture {p.code} ({p.name_ja}) names hub {p.hub!r}, which is not defined.")
        prefectures[p.code] = p
    missing = [c for c in PREFECTURE_CODES if c not in prefectures]
    if missing:
        raise HubMapError(f"prefecture codes {missing} are missing; all 47 must be listed.")

    links = {
        code: tuple(_typed(n, str, "neighbour") for n in entry.get("neighbours", []))
        for code, entry in raw_hubs.items()
    }
    for code, neighbours in links.items():
        for n in neighbours:
            if n == code:
                raise HubMapError(f"hub {code!r} lists itself as a neighbour.")
            if n not in links:
                raise HubMapError(f"hub {code!r} lists neighbour {n!r}, which is not defined.")
    for code, neighbours in links.items():
        for n in neighbours:
            if code not in links[n]:
                raise HubMapError(f"hub {code!r} lists {n!r} as a neighbour but {n!r} does not list it back.")

    hubs: dict[str, Hub] = {}
    for code, entry in raw_hubs.items():
        members = tuple(sorted(c for c, p in prefectures.items() if p.hub == code))
        if not members:
            raise HubMapError(f"hub {code!r} serves no prefecture.")
        hubs[code] = Hub(
            code=code,
            name_ja=_typed(entry["name_ja"], str, "name_ja"),
            name_en=_typed(entry["name_en"], str, "name_en"),
            prefectures=members,
            neighbours=links[code],
            emergency_contacts=_contacts(entry.get("emergency_contacts", [])),
        )
    return HubMap(
        hubs=MappingProxyType(hubs),
        prefectures=MappingProxyType(prefectures),
        national_contacts=_contacts(raw.get("national_contacts", [])),
    )


def _contacts(entries: list[dict[str, Any]]) -> tuple[EmergencyContact, ...]:
    contacts = tuple(
        EmergencyContact(
            label=_typed(e["label"], str, "label"),
            number=_typed(e["number"], str, "number"),
            hours=_typed(e["hours"], str, "hours"),
            free=_typed_bool(e["free"], "free"),
        )
        for e in entries
    )
    for c in contacts:
        if not c.number.strip():
            raise HubMapError(f"emergency contact {c.label!r} has an empty number.")
    return contacts


def _typed_bool(value: object, what: str) -> bool:
    if not isinstance(value, bool):
        raise HubMapError(f"{what} {value!r} should be true or false.")
    return value


def words_to_translate(raw: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(context, English text) of every word in a hub map that a person reads."""
    contacts = list(raw.get("national_contacts", []))
    for entry in raw.get("hubs", {}).values():
        yield REGION, str(entry["name_en"])
        contacts += entry.get("emergency_contacts", [])
    for entry in raw.get("prefectures", []):
        yield PREFECTURE, str(entry["name_en"])
    for contact in contacts:
        yield HELP_LINE, str(contact["label"])
        yield OPENING_HOURS, str(contact["hours"])


def extract_words(
    fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Iterable[str], options: Mapping[str, Any]
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """A Babel extraction method for hubs.toml (see babel.cfg): its words as `pgettext(context, text)` calls."""
    raw = tomllib.loads(fileobj.read().decode("utf-8"))
    for context, text in dict.fromkeys(words_to_translate(raw)):
        yield 1, "pgettext", (context, text), []


def _typed(value: object, kind: type[_T], what: str) -> _T:
    if not isinstance(value, kind) or isinstance(value, bool):
        raise HubMapError(f"{what} {value!r} should be a {kind.__name__}.")
    return value


def _name_index(prefectures: Iterable[Prefecture]) -> dict[str, int]:
    index: dict[str, int] = {}
    for p in prefectures:
        keys = [_key(n) for n in (p.name_ja, p.kana, p.name_en, *p.aliases)]
        keys += [_strip_suffix(_key(n)) for n in (p.name_ja, p.kana)]
        for key in keys:
            if not key:
                raise HubMapError(f"prefecture {p.code} has an empty name or alias.")
            other = index.setdefault(key, p.code)
            if other != p.code:
                raise HubMapError(f"the name {key!r} is given to both prefecture {other} and {p.code}.")
    return index


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    # Drop Latin accents (Tōkyō, Tóquio, Vietnamese tones) but keep kana voicing marks and Thai/Indic vowels.
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not 0x300 <= ord(ch) <= 0x36F)
    text = unicodedata.normalize("NFC", text).replace("đ", "d")
    text = "".join(chr(ord(ch) - 0x60) if "ァ" <= ch <= "ヶ" else ch for ch in text)
    # Long vowels in romaji: Toukyou, Oosaka, Hyougo.
    return text.replace("ou", "o").replace("oo", "o").replace("uu", "u")


def _key(text: str) -> str:
    return "".join(ch for ch in _normalise(text) if unicodedata.category(ch)[0] in "LMN")


def _words(text: str) -> list[str]:
    out: list[str] = []
    current: list[str] = []
    for ch in text:
        if unicodedata.category(ch)[0] in "LMN":
            current.append(ch)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


def _strip_suffix(key: str) -> str:
    for s in _SUFFIXES:
        if key.endswith(s) and len(key) > len(s):
            return key[: -len(s)]
    return key


def _variants(key: str) -> Iterator[str]:
    yield key
    for p in _PREFIXES:
        if key.startswith(p) and len(key) > len(p):
            key = key[len(p) :]
            yield key
            break
    for s in _SUFFIXES:
        if key.endswith(s) and len(key) > len(s):
            yield key[: -len(s)]


def _is_hangul(word: str) -> bool:
    return any("가" <= ch <= "힣" for ch in word)


def _scannable(key: str) -> bool:
    # Inside running text, short kana words are everyday Japanese (なら "if", さが, みえ): skip them.
    if key.isascii() or len(key) < 2 or _is_hangul(key):
        return False
    kana_only = all("ぁ" <= ch <= "ゖ" or ch == "ー" for ch in key)
    return not kana_only or len(key) >= 4
