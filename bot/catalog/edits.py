"""Catalog texts: edits of a hub config (``bot.hubconfig.document.EditError``, keys ``edit.<code>``).

Each says what stops the bot from changing the file and what to do by hand. None repeats a value from the
file: a config line may hold a secret.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "edit.not-yaml": {
        "nb": (
            "Konfigurasjonen er ikke gyldig YAML (linje {line}: {problem}). "
            "Rett filen for hånd, så kan boten endre den."
        ),
        "en": "The config is not valid YAML (line {line}: {problem}). Fix the file by hand, then the bot can change it.",
    },
    "edit.several-documents": {
        "nb": (
            "Konfigurasjonen inneholder {count} YAML-dokumenter, men en hub-konfigurasjon skal være nøyaktig ett. "
            "Fjern de ekstra `---`-delene for hånd."
        ),
        "en": (
            "The config holds {count} YAML documents, but a hub config must be exactly one. "
            "Remove the extra `---` sections by hand."
        ),
    },
    "edit.not-mapping": {
        "nb": (
            "Toppnivået i konfigurasjonen er ikke en samling nøkler (`namespace`, `ingress`, `users`, ...). "
            "Skriv filen om for hånd etter det dokumenterte eksempelet."
        ),
        "en": (
            "The top level of the config is not a mapping of keys (`namespace`, `ingress`, `users`, ...). "
            "Rewrite the file by hand after the documented example."
        ),
    },
    "edit.flow-mapping": {
        "nb": (
            "Konfigurasjonen er skrevet som én linje i krøllparenteser (`{{...}}`). "
            "Skriv den om for hånd med én nøkkel per linje, så kan boten endre den."
        ),
        "en": (
            "The config is written as one mapping in braces (`{{...}}`). "
            "Rewrite it by hand with one key per line, then the bot can change it."
        ),
    },
    "edit.duplicate-key": {
        "nb": (
            "`{key}` står flere ganger i konfigurasjonen (linje {lines}). "
            "Fjern de ekstra for hånd før boten kan endre den."
        ),
        "en": (
            "`{key}` appears more than once in the config (lines {lines}). "
            "Remove the extra ones by hand before the bot can change it."
        ),
    },
    "edit.not-a-list": {
        "nb": (
            "`{key}` på linje {line} er ikke en liste. "
            "Skriv den om for hånd som en liste med én verdi per linje (`  - verdi`)."
        ),
        "en": (
            "`{key}` on line {line} is not a list. "
            "Rewrite it by hand as a list with one value per line (`  - value`)."
        ),
    },
    "edit.not-a-value": {
        "nb": "`{key}` på linje {line} er ikke én enkelt verdi. Skriv den om for hånd som `{key}: verdi`.",
        "en": "`{key}` on line {line} is not a single value. Rewrite it by hand as `{key}: value`.",
    },
    "edit.layout": {
        "nb": (
            "`{key}` på linje {line} er skrevet slik at boten ikke kan endre den uten å røre andre linjer "
            "(kommentarer inne i en `[...]`-liste, YAML-ankere `&`/`*`, eller flere elementer på én linje). "
            "Skriv den om for hånd som en vanlig liste med én verdi per linje."
        ),
        "en": (
            "`{key}` on line {line} is written in a way the bot can't change without touching other lines "
            "(comments inside a `[...]` list, YAML anchors `&`/`*`, or several items on one line). "
            "Rewrite it by hand as a plain list with one value per line."
        ),
    },
    "edit.no-users": {
        "nb": "En ny hub må ha minst én bruker.",
        "en": "A new hub needs at least one user.",
    },
    "edit.no-users-left": {
        "nb": (
            "Da ville huben stått uten brukere: den har bare {idents}. En hub må ha minst én bruker; "
            "vil du slette huben, bruk `/knada hub delete`."
        ),
        "en": (
            "That would leave the hub without users: it only has {idents}. A hub needs at least one user; "
            "to delete the hub, use `/knada hub delete`."
        ),
    },
    "edit.env-name": {
        "nb": (
            "`{name}` er ikke et gyldig navn på en miljøvariabel: bruk bokstaver, sifre og `_`, "
            "og ikke begynn med et siffer (for eksempel `PIP_INDEX_URL`)."
        ),
        "en": (
            "`{name}` is not a valid environment variable name: use letters, digits and `_`, "
            "and don't start with a digit (for example `PIP_INDEX_URL`)."
        ),
    },
    "edit.env-duplicate": {
        "nb": "Miljøvariabelen `{name}` er oppgitt mer enn én gang. Oppgi hver variabel bare én gang.",
        "en": "The environment variable `{name}` is given more than once. Give each variable only once.",
    },
    "edit.cpu-not-a-number": {
        "nb": "`{value}` kan ikke brukes som cpuLimit. Oppgi et tall, for eksempel `0.5` eller `2`.",
        "en": "`{value}` can't be used as cpuLimit. Give a number, for example `0.5` or `2`.",
    },
    "edit.unexpected-result": {
        "nb": (
            "Endringen av `{key}` kunne ikke skrives trygt: den endrede filen ville ikke blitt lest slik "
            "det var ment. Ingenting er endret; be en admin om å gjøre endringen for hånd."
        ),
        "en": (
            "The change to `{key}` could not be written safely: the edited file would not read back as "
            "intended. Nothing was changed; ask an admin to make the change by hand."
        ),
    },
}
