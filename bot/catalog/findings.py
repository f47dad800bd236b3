"""Catalog texts: findings of the config rules (``finding.<code>``) and the ``knada-bot validate`` output.

A finding's text says what is wrong and how to fix it, in one line: it is printed as
``path:line:col: severity code: message``, shown as a GitHub annotation and as a Slack modal field error.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # -- the file as a whole --------------------------------------------------------------------------
    "finding.file.path": {
        "nb": "{path} blir ikke rullet ut: utrullingen leser bare configs/<navn>.yaml. "
        "Flytt filen til configs/ og gi den endelsen .yaml.",
        "en": "{path} is not deployed: the deploy only reads configs/<name>.yaml. "
        "Move the file to configs/ and give it the extension .yaml.",
    },
    "finding.file.not-deployed": {
        "nb": "{path} blir oversett av utrullingen, som bare leser *.yaml: "
        "gi filen navnet {fixed} hvis huben skal kjøre.",
        "en": "{path} is ignored by the deploy, which only reads *.yaml: "
        "rename the file to {fixed} if this hub should run.",
    },
    "finding.file.stem-mismatch": {
        "nb": "Filen heter {path}, men huben har ingress {ingress}: gi filen navnet {fixed}, "
        "så er huben lett å finne under sitt eget navn.",
        "en": "The file is named {path}, but the hub's ingress is {ingress}: rename the file to {fixed} "
        "so that the hub is easy to find by its name.",
    },
    "finding.file.not-utf8": {
        "nb": "Filen er ikke gyldig UTF-8 (byten 0x{byte} kan ikke leses): lagre filen som UTF-8.",
        "en": "The file is not valid UTF-8 (byte 0x{byte} cannot be decoded): save the file as UTF-8.",
    },
    "finding.file.bom": {
        "nb": "Filen begynner med et byte order mark (BOM), som ødelegger utrullingen når filen settes "
        "sammen med shared.yaml: lagre filen som UTF-8 uten BOM.",
        "en": "The file starts with a byte order mark (BOM), which breaks the deploy when the file is "
        "joined to shared.yaml: save the file as UTF-8 without a BOM.",
    },
    "finding.file.syntax": {
        "nb": "Filen er ikke gyldig YAML ({problem}): rett opp syntaksen her. Vanlige årsaker er tabulator "
        "i innrykket, et kolon som mangler, eller en verdi med «: » som ikke står i anførselstegn.",
        "en": "The file is not valid YAML ({problem}): fix the syntax here. Common causes are a tab in the "
        'indentation, a missing colon, or a value containing ": " that is not in quotes.',
    },
    "finding.file.multiple-documents": {
        "nb": "Filen inneholder mer enn ett YAML-dokument (et nytt --- begynner her): behold ett dokument, "
        "med høyst én --- helt øverst.",
        "en": "The file holds more than one YAML document (another --- starts here): keep one document, "
        "with at most one --- at the very top.",
    },
    "finding.file.empty": {
        "nb": "Filen har ingen innstillinger: en hub-konfigurasjon trenger minst namespace:, ingress: og users:.",
        "en": "The file has no settings: a hub config needs at least namespace:, ingress: and users:.",
    },
    "finding.file.not-mapping": {
        "nb": "Filen må bestå av nøkler med verdier (namespace: ..., ingress: ..., users: ...), "
        "ikke en liste eller en enkelt verdi: skriv én nøkkel: verdi per linje.",
        "en": "The file must consist of keys with values (namespace: ..., ingress: ..., users: ...), "
        "not a list or a single value: write one key: value per line.",
    },
    "finding.file.duplicate-key": {
        "nb": "{key} står to ganger (også på linje {first_line}): behold den ene og fjern den andre.",
        "en": "{key} is set twice (also on line {first_line}): keep one of them and remove the other.",
    },
    "finding.file.no-trailing-newline": {
        "nb": "Filen slutter ikke med linjeskift, så linjen som repoets sjekk legger til, havner på samme "
        "linje som denne: avslutt siste linje med et linjeskift.",
        "en": "The file does not end with a newline, so the line the repo's check appends would be glued "
        "to this one: end the last line with a newline.",
    },
    "finding.file.extra-trailing-newlines": {
        "nb": "Filen slutter med tomme linjer: fjern dem, slik at filen slutter med nøyaktig ett linjeskift.",
        "en": "The file ends with empty lines: remove them so that the file ends with exactly one newline.",
    },
    # -- keys -----------------------------------------------------------------------------------------
    "finding.key.typo": {
        "nb": "Ukjent nøkkel {key}: mente du {suggestion}? Malen bruker bare kjente nøkler, så innstillingen "
        "ville ikke hatt noen virkning.",
        "en": "Unknown key {key}: did you mean {suggestion}? The template only uses known keys, so this "
        "setting would have no effect.",
    },
    "finding.key.unknown": {
        "nb": "Ukjent nøkkel {key}: malen bruker den ikke. Kjente nøkler er {known}; "
        "fjern linjen hvis den ikke trengs.",
        "en": "Unknown key {key}: the template does not use it. Known keys are {known}; "
        "remove the line if it is not needed.",
    },
    "finding.key.invalid": {
        "nb": "En nøkkel må være et enkelt navn, ikke {value}: skriv navn: verdi.",
        "en": "A key must be a plain name, not {value}: write name: value.",
    },
    "finding.key.empty": {
        "nb": "{key} mangler verdi og ville overstyrt standardverdien med ingenting: skriv en verdi, "
        "for eksempel {example}, eller fjern linjen for å bruke standardverdien.",
        "en": "{key} has no value and would override the default with nothing: write a value, "
        "for example {example}, or remove the line to use the default.",
    },
    # -- namespace ------------------------------------------------------------------------------------
    "finding.namespace.missing": {
        "nb": "Konfigurasjonen mangler namespace: legg til en linje som namespace: mitt-team "
        "(et Kubernetes-navnerom med små bokstaver, sifre og bindestrek).",
        "en": "The config has no namespace: add a line like namespace: my-team "
        "(a Kubernetes namespace of lowercase letters, digits and hyphens).",
    },
    "finding.namespace.not-string": {
        "nb": "YAML leser ikke namespace: {value} som tekst, men som en sannhetsverdi eller et tall: "
        "sett verdien i anførselstegn: {fixed}",
        "en": "YAML does not read namespace: {value} as text but as a boolean or a number: "
        "put the value in quotes: {fixed}",
    },
    "finding.namespace.invalid": {
        "nb": "namespace {value} er ikke et gyldig Kubernetes-navnerom: bruk bare små bokstaver a-z, sifre "
        "og bindestrek, og begynn og slutt med en bokstav eller et siffer.",
        "en": "namespace {value} is not a valid Kubernetes namespace: use only lowercase letters a-z, digits "
        "and hyphens, and start and end with a letter or a digit.",
    },
    "finding.namespace.too-long": {
        "nb": "namespace er {length} tegn langt, men høyst {max} er tillatt: velg et kortere navn.",
        "en": "namespace is {length} characters long, but at most {max} are allowed: choose a shorter name.",
    },
    "finding.namespace.reserved": {
        "nb": "namespace {value} er reservert for plattformen: velg et eget navnerom for teamet, "
        "for eksempel navnet på huben.",
        "en": "namespace {value} is reserved for the platform: choose a namespace of your team's own, "
        "for example the hub's name.",
    },
    "finding.namespace.duplicate": {
        "nb": "namespace {value} brukes allerede av {other}, og et navnerom kan bare ha én hub: "
        "velg et annet navnerom.",
        "en": "namespace {value} is already used by {other}, and a namespace can hold only one hub: "
        "choose another namespace.",
    },
    # -- ingress --------------------------------------------------------------------------------------
    "finding.ingress.missing": {
        "nb": "Konfigurasjonen mangler ingress: legg til en linje som ingress: mitt-team "
        "(da blir adressen til huben https://mitt-team.{domain}).",
        "en": "The config has no ingress: add a line like ingress: my-team "
        "(the hub is then served at https://my-team.{domain}).",
    },
    "finding.ingress.not-string": {
        "nb": "YAML leser ikke ingress: {value} som tekst, men som en sannhetsverdi eller et tall: "
        "sett verdien i anførselstegn: {fixed}",
        "en": "YAML does not read ingress: {value} as text but as a boolean or a number: "
        "put the value in quotes: {fixed}",
    },
    "finding.ingress.invalid": {
        "nb": "ingress {value} er ikke et gyldig vertsnavn: bruk bare små bokstaver a-z, sifre og bindestrek, "
        "og begynn og slutt med en bokstav eller et siffer.",
        "en": "ingress {value} is not a valid host name: use only lowercase letters a-z, digits and hyphens, "
        "and start and end with a letter or a digit.",
    },
    "finding.ingress.too-long": {
        "nb": "ingress er {length} tegn langt, men høyst {max} er tillatt fordi helm-releasen "
        "jupyterhub-<ingress> må holde seg innenfor 53 tegn: velg et kortere navn.",
        "en": "ingress is {length} characters long, but at most {max} are allowed because the helm release "
        "jupyterhub-<ingress> must fit in 53 characters: choose a shorter name.",
    },
    "finding.ingress.duplicate": {
        "nb": "ingress {value} brukes allerede av {other}, og to huber kan ikke dele "
        "https://{value}.{domain}: velg en annen ingress.",
        "en": "ingress {value} is already used by {other}, and two hubs cannot share "
        "https://{value}.{domain}: choose another ingress.",
    },
    # -- users ----------------------------------------------------------------------------------------
    "finding.users.missing": {
        "nb": "Konfigurasjonen mangler users: legg til users: med minst én NAV-ident på egen linje under, "
        "skrevet som - e152435.",
        "en": "The config has no users: add users: with at least one NAV ident on its own line below it, "
        "written as - e152435.",
    },
    "finding.users.not-list": {
        "nb": "users må være en liste med NAV-identer, ikke {value}: skriv hver ident på egen linje under "
        "users:, som - e152435.",
        "en": "users must be a list of NAV idents, not {value}: write each ident on its own line below "
        "users:, as - e152435.",
    },
    "finding.users.empty": {
        "nb": "users er tom, og en hub uten brukere slipper ingen inn: legg til minst én NAV-ident, "
        "som - e152435.",
        "en": "users is empty, and a hub without users lets nobody in: add at least one NAV ident, "
        "as - e152435.",
    },
    "finding.users.not-lowercase": {
        "nb": "{value} har stor bokstav, men JupyterHub kjenner brukerne på identen med små bokstaver: "
        "skriv {fixed}.",
        "en": "{value} has an uppercase letter, but JupyterHub knows its users by their ident in lowercase: "
        "write {fixed}.",
    },
    "finding.users.invalid": {
        "nb": "{value} er ikke en NAV-ident: en ident er én liten bokstav og seks sifre, som e152435.",
        "en": "{value} is not a NAV ident: an ident is one lowercase letter and six digits, like e152435.",
    },
    "finding.users.duplicate": {
        "nb": "{value} står i listen to ganger (også på linje {first_line}): fjern denne linjen.",
        "en": "{value} is listed twice (also on line {first_line}): remove this line.",
    },
    # -- extraEnvs ------------------------------------------------------------------------------------
    "finding.extraEnvs.not-list": {
        "nb": 'extraEnvs må være en liste, ikke {value}: skriv hver variabel på egen linje som - "NAVN: verdi".',
        "en": 'extraEnvs must be a list, not {value}: write each variable on its own line as - "NAME: value".',
    },
    "finding.extraEnvs.unquoted": {
        "nb": "Miljøvariabelen står ikke i anførselstegn, så YAML leser den som en mapping, og utrullingen "
        "feiler: skriv den som {fixed}",
        "en": "The environment variable is not in quotes, so YAML reads it as a mapping and the deploy "
        "fails: write it as {fixed}",
    },
    "finding.extraEnvs.format": {
        "nb": '"{value}" er ikke på formen "NAVN: verdi": skriv navnet, et kolon, et mellomrom og verdien, '
        'i anførselstegn, for eksempel - "TZ: Europe/Oslo".',
        "en": '"{value}" is not of the form "NAME: value": write the name, a colon, a space and the value, '
        'in quotes, for example - "TZ: Europe/Oslo".',
    },
    "finding.extraEnvs.name": {
        "nb": "{name} er ikke et gyldig navn på en miljøvariabel: bruk bokstaver, sifre og _, "
        "og ikke begynn med et siffer (for eksempel MIN_INNSTILLING).",
        "en": "{name} is not a valid environment variable name: use letters, digits and _, "
        "and do not start with a digit (for example MY_SETTING).",
    },
    "finding.extraEnvs.duplicate": {
        "nb": "{name} er satt to ganger (også på linje {first_line}): behold den ene og fjern den andre.",
        "en": "{name} is set twice (also on line {first_line}): keep one of them and remove the other.",
    },
    "finding.extraEnvs.reserved": {
        "nb": "{name} settes av JupyterHub selv og kan ikke overstyres her: velg et annet navn. "
        "Minne og CPU settes med memoryLimit og cpuLimit.",
        "en": "{name} is set by JupyterHub itself and cannot be overridden here: choose another name. "
        "Memory and CPU are set with memoryLimit and cpuLimit.",
    },
    "finding.extraEnvs.enc": {
        "nb": "Linjen inneholder «.enc: », som utrullingen tar for en kryptert hemmelighet og prøver å "
        "dekryptere: skriv variabelen uten «.enc: ».",
        "en": 'The line contains ".enc: ", which the deploy takes for an encrypted secret and tries to '
        'decrypt: write the variable without ".enc: ".',
    },
    "finding.extraEnvs.html": {
        "nb": "Verdien til {name} inneholder {chars}, som utrullingsmalen gjør om til HTML-entiteter "
        "(& blir &amp;): fjern disse tegnene fra verdien.",
        "en": "The value of {name} contains {chars}, which the deploy template turns into HTML entities "
        "(& becomes &amp;): remove these characters from the value.",
    },
    "finding.extraEnvs.newline": {
        "nb": 'Variabelen går over flere linjer, og det tåler ikke utrullingen: skriv den på én linje som - "NAVN: verdi".',
        "en": 'The variable spans several lines, which the deploy cannot handle: write it on one line as - "NAME: value".',
    },
    # -- jupyterLabs, memoryLimit, cpuLimit -----------------------------------------------------------
    "finding.jupyterLabs.quoted": {
        "nb": "jupyterLabs er «{value}» i anførselstegn, altså tekst, og all tekst som ikke er tom regnes som "
        "sann: fjern anførselstegnene: {fixed}",
        "en": 'jupyterLabs is "{value}" in quotes, which is text, and any non-empty text counts as true: '
        "remove the quotes: {fixed}",
    },
    "finding.jupyterLabs.not-bool": {
        "nb": "jupyterLabs må være true (JupyterLab) eller false (klassisk Notebook), ikke {value}.",
        "en": "jupyterLabs must be true (JupyterLab) or false (classic Notebook), not {value}.",
    },
    "finding.memoryLimit.unit": {
        "nb": "memoryLimit {value} er ikke en størrelse utrullingen forstår: skriv et tall fulgt av M, MB, "
        "G eller GB, for eksempel memoryLimit: {example}",
        "en": "memoryLimit {value} is not a size the deploy understands: write a number followed by M, MB, "
        "G or GB, for example memoryLimit: {example}",
    },
    "finding.memoryLimit.bounds": {
        "nb": "memoryLimit {value} er utenfor det plattformen tillater: velg en størrelse fra {min} til {max}.",
        "en": "memoryLimit {value} is outside what the platform allows: choose a size from {min} to {max}.",
    },
    "finding.cpuLimit.quoted": {
        "nb": "cpuLimit er «{value}» i anførselstegn, altså tekst og ikke et tall: "
        "fjern anførselstegnene: {fixed}",
        "en": 'cpuLimit is "{value}" in quotes, which is text, not a number: remove the quotes: {fixed}',
    },
    "finding.cpuLimit.invalid": {
        "nb": "cpuLimit må være et antall CPU-er, som 0.5 eller 2, ikke {value}.",
        "en": "cpuLimit must be a number of CPUs, like 0.5 or 2, not {value}.",
    },
    "finding.cpuLimit.bounds": {
        "nb": "cpuLimit {value} er utenfor det plattformen tillater: velg mer enn {min} og høyst {max} CPU-er.",
        "en": "cpuLimit {value} is outside what the platform allows: choose more than {min} and at most "
        "{max} CPUs.",
    },
    # -- knada-bot validate ---------------------------------------------------------------------------
    "validate.summary": {
        "nb": "{files} sjekket: {errors}, {warnings}.",
        "en": "{files} checked: {errors}, {warnings}.",
    },
    "validate.files.one": {"nb": "1 fil", "en": "1 file"},
    "validate.files.other": {"nb": "{count} filer", "en": "{count} files"},
    "validate.errors.one": {"nb": "1 feil", "en": "1 error"},
    "validate.errors.other": {"nb": "{count} feil", "en": "{count} errors"},
    "validate.warnings.one": {"nb": "1 advarsel", "en": "1 warning"},
    "validate.warnings.other": {"nb": "{count} advarsler", "en": "{count} warnings"},
    "validate.no-such-path": {
        "nb": "knada-bot validate: {path} finnes ikke.",
        "en": "knada-bot validate: {path} does not exist.",
    },
    "validate.not-a-repo": {
        "nb": "knada-bot validate: {path} er ikke et konfigurasjonsrepo (mappen har ingen configs/): "
        "oppgi rotmappen til repoet eller konfigurasjonsfilene.",
        "en": "knada-bot validate: {path} is not a config repo (the directory has no configs/): "
        "give the root directory of the repo or the config files.",
    },
    "validate.unreadable": {
        "nb": "knada-bot validate: kan ikke lese {path}: {reason}",
        "en": "knada-bot validate: cannot read {path}: {reason}",
    },
    "validate.bad-policy": {
        "nb": "knada-bot validate: policyfilen {path} kan ikke brukes: {reason}",
        "en": "knada-bot validate: the policy file {path} cannot be used: {reason}",
    },
}
