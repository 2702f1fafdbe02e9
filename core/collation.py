"""How names sort in a document's language, as UN lists of States and participants sort them.

"Alphabetical" is the Unicode Collation Algorithm's root order (pyuca: the Default Unicode Collation Element
Table), which is right for English, French, Spanish and Russian names ("Égypte" among the E, "ё" with "е");
Arabic names are sorted without their article "ال" and with alef's hamza and madda forms as alef, as Arabic
lists of States are. Chinese names fall in Unicode code-point order (the DUCET's order for Han characters):
UN documents sort them by pinyin, for which no data is at hand here.
"""
from functools import lru_cache

from pyuca import Collator

from core.multilingual import content_language

#: The Arabic article, left out when sorting names ("الأردن" stands at "أردن", as in Arabic lists of States).
ARABIC_ARTICLE = "ال"
#: Alef with hamza or madda is alef in Arabic lists of States (أرمينيا, إريتريا, إسبانيا, أستراليا run in that
#: order); the DUCET gives each form a letter of its own.
ARABIC_ALEFS = str.maketrans("أإآٱ", "اااا")


@lru_cache(maxsize=1)
def _collator() -> Collator:
    return Collator()


def sort_key(text: str, language: str) -> tuple:
    """How `text` sorts among names in `language` (a site locale): see the module's docstring."""
    text = " ".join(text.split())
    key = text
    if content_language(language) == "ar":
        if key.startswith(ARABIC_ARTICLE) and len(key) > 2:
            key = key[len(ARABIC_ARTICLE):]
        key = key.translate(ARABIC_ALEFS)
    return _collator().sort_key(key), text
