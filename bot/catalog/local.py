"""Catalog texts: the offline console (`knada-bot local`)."""

MESSAGES: dict[str, dict[str, str]] = {
    # Starting up.
    "local.banner": {
        "nb": "knada-bot local: boten som i produksjon, med Slack i denne terminalen og GitHub spilt av et git-repo.",
        "en": "knada-bot local: the bot as in production, with Slack in this terminal and GitHub played by a git repository.",
    },
    "local.repo-created": {
        "nb": "Config-repo: {repo} (nytt, laget fra eksempel-repoet som følger med).",
        "en": "Config repo: {repo} (new, made from the bundled sample config repo).",
    },
    "local.repo-existing": {"nb": "Config-repo: {repo}.", "en": "Config repo: {repo}."},
    "local.state": {
        "nb": "Forespørsler og jobber lagres i {path}.",
        "en": "Requests and jobs are kept in {path}.",
    },
    "local.you-are": {
        "nb": "Du er @{ident}{admin} i #{channel}. Skriv /help for å se kommandoene.",
        "en": "You are @{ident}{admin} in #{channel}. Type /help for the commands.",
    },
    "local.admin-suffix": {"nb": " (knada-administrator)", "en": " (knada admin)"},
    "local.prompt-admin": {"nb": " (admin)", "en": " (admin)"},
    "local.startup-error": {"nb": "knada-bot local: {error}", "en": "knada-bot local: {error}"},
    "local.bad-ident": {
        "nb": "{ident} er ikke en NAV-ident: én liten bokstav og seks sifre, som e152435.",
        "en": "{ident} is not a NAV ident: one lowercase letter and six digits, like e152435.",
    },
    "local.no-script": {
        "nb": "knada-bot local: klarte ikke å lese skriptet {path}: {error}",
        "en": "knada-bot local: can't read the script {path}: {error}",
    },
    "local.help": {
        "nb": (
            "Slack:\n"
            "  /knada <forespørsel>      som deg i #knada (prøv /knada help)\n"
            "  /press <nr | tekst> [valg] trykk på knapp nr (eller den med teksten); velg i en meny\n"
            "  /home                     åpne Home-fanen til boten\n"
            "  /as <ident>               bli en annen (en NAV-ident som e123456)\n"
            "  /admin                    gjør deg til knada-administrator, eller ikke lenger\n"
            "GitHub (uten PR-nummer: den nyeste åpne):\n"
            "  /checks [PR]              config-repoets sjekk kjører (validatoren; en ny config får en *.enc-linje)\n"
            "  /approve [PR]             en code owner godkjenner\n"
            "  /merge [PR]               merge (avvist til sjekken er grønn og en code owner har godkjent)\n"
            "  /close [PR]               lukk uten merge\n"
            "  /prs                      alle pull requests og hvor de står\n"
            "  /diff [PR]                hva en åpen pull request endrer\n"
            "I en modal: svar på ett felt om gangen (skjemaet sendes etter det siste); - (eller Enter) beholder\n"
            "verdien; /submit sender med en gang; /dismiss lukker.\n"
            "/help viser dette, /quit avslutter (alt blir liggende i repoet).\n"
            "I et skript (--script) er hver linje et steg; # er kommentar. En linje som starter med ! forventer at\n"
            "boten eller GitHub sier nei (eller at ingenting endres); ellers stopper skriptet med feil ved første steg som feiler."
        ),
        "en": (
            "Slack:\n"
            "  /knada <request>          as you, in #knada (try /knada help)\n"
            "  /press <no | label> [pick] press button no (or the one with that label); pick from a menu\n"
            "  /home                     open the bot's Home tab\n"
            "  /as <ident>               become someone else (a NAV ident like e123456)\n"
            "  /admin                    make yourself a knada admin, or not any more\n"
            "GitHub (without a PR number: the newest open one):\n"
            "  /checks [PR]              the config repo's check runs (the validator; a new config gets a *.enc line)\n"
            "  /approve [PR]             a code owner approves\n"
            "  /merge [PR]               merge (refused until the check passed and a code owner approved)\n"
            "  /close [PR]               close without merging\n"
            "  /prs                      every pull request and where it stands\n"
            "  /diff [PR]                what an open pull request changes\n"
            "In a modal: answer one field at a time (the form is sent after the last one); - (or Enter) keeps\n"
            "a value; /submit sends it now; /dismiss closes it.\n"
            "/help shows this, /quit leaves (everything stays in the repository).\n"
            "In a script (--script) every line is a step; # starts a comment. A line starting with ! expects the\n"
            "bot or GitHub to say no (or nothing to change); otherwise the script stops with an error at the first step that fails."
        ),
    },
    "local.quit": {
        "nb": "Ha det. Alt er lagret i {repo}.",
        "en": "Bye. Everything is kept in {repo}.",
    },
    # Prompts.
    "local.prompt.submit": {
        "nb": "  Enter: {submit} · /dismiss: {close}> ",
        "en": "  Enter: {submit} · /dismiss: {close}> ",
    },
    "local.prompt.close-only": {"nb": "  /dismiss: {close}> ", "en": "  /dismiss: {close}> "},
    "local.prompt.confirm": {
        "nb": "  {confirm} (j) / {deny} (n)? ",
        "en": "  {confirm} (y) / {deny} (n)? ",
    },
    "local.yes": {"nb": "j,ja,y,yes", "en": "y,yes"},
    "local.field.now": {
        "nb": "    nå: {value} (- beholder det)",
        "en": "    now: {value} (- keeps it)",
    },
    "local.field.optional": {
        "nb": "    (valgfritt: - lar det stå tomt)",
        "en": "    (optional: - leaves it empty)",
    },
    "local.submit-default": {"nb": "Send", "en": "Submit"},
    "local.close-default": {"nb": "Lukk", "en": "Close"},
    # What Slack shows.
    "local.header.message": {"nb": "#{channel} · {author}", "en": "#{channel} · {author}"},
    "local.header.dm": {"nb": "DM til {user} · {author}", "en": "DM to {user} · {author}"},
    "local.header.updated": {
        "nb": "#{channel} · {author} · oppdatert på stedet (- var, + er nå)",
        "en": "#{channel} · {author} · updated in place (- was, + is now)",
    },
    "local.header.same": {
        "nb": "#{channel} · {author} · oppdaterte «{title}» på stedet, uten synlig endring",
        "en": "#{channel} · {author} · updated “{title}” in place, with no visible change",
    },
    "local.header.thread": {"nb": "  i tråden til «{title}»:", "en": "  in the thread of “{title}”:"},
    "local.header.ephemeral": {
        "nb": "#{channel} · {author} · bare synlig for {who}",
        "en": "#{channel} · {author} · only visible to {who}",
    },
    "local.header.deleted": {
        "nb": "#{channel} · {author} slettet en melding: {title}",
        "en": "#{channel} · {author} deleted a message: {title}",
    },
    "local.header.modal": {"nb": "[modal for {who}] {title}", "en": "[modal for {who}] {title}"},
    "local.header.modal-closed": {"nb": "[modal for {who}] lukket", "en": "[modal for {who}] closed"},
    "local.header.home": {
        "nb": "[Home-fanen til {author}, for {who}]",
        "en": "[Home tab of {author}, for {who}]",
    },
    "local.modal.buttons": {
        "nb": "    knapper: {submit} (/submit) · {close} (/dismiss)",
        "en": "    buttons: {submit} (/submit) · {close} (/dismiss)",
    },
    "local.modal.how": {
        "nb": "Fyll ut ett felt om gangen (* er påkrevd, [verdien] står der fra før): - eller Enter beholder den; skjemaet sendes etter siste felt.",
        "en": "Fill in one field at a time (* is required, [the value] is there already): - or Enter keeps it; the form is sent after the last field.",
    },
    "local.modal.close-button": {
        "nb": "    knapp: {close} (/dismiss)",
        "en": "    button: {close} (/dismiss)",
    },
    "local.you": {"nb": "deg", "en": "you"},
    "local.image": {"nb": "bilde", "en": "image"},
    # Answers the Slack client itself would refuse.
    "local.answer.unsupported": {
        "nb": "Denne konsollen kan ikke fylle ut et felt av typen {kind}.",
        "en": "This console can't fill in a field of type {kind}.",
    },
    "local.answer.channel": {"nb": "Her finnes bare #{channel}.", "en": "Only #{channel} exists here."},
    "local.answer.date": {"nb": "Skriv datoen som ÅÅÅÅ-MM-DD.", "en": "Write the date as YYYY-MM-DD."},
    "local.answer.time": {"nb": "Skriv klokkeslettet som TT:MM.", "en": "Write the time as HH:MM."},
    "local.answer.required": {"nb": "Feltet må fylles ut.", "en": "This field is required."},
    "local.answer.too-short": {"nb": "Minst {length} tegn.", "en": "At least {length} characters."},
    "local.answer.too-long": {"nb": "Høyst {length} tegn.", "en": "At most {length} characters."},
    "local.answer.number": {"nb": "Skriv et tall.", "en": "Write a number."},
    "local.answer.number-range": {
        "nb": "Skriv et tall fra {low} til {high}.",
        "en": "Write a number from {low} to {high}.",
    },
    "local.answer.email": {"nb": "Skriv en e-postadresse.", "en": "Write an email address."},
    "local.answer.url": {
        "nb": "Skriv en URL som starter med https://.",
        "en": "Write a URL starting with https://.",
    },
    "local.answer.option": {
        "nb": "{typed} er ikke ett av valgene ({choices}). Svar med nummeret eller navnet.",
        "en": "{typed} is not one of the choices ({choices}). Answer with its number or its name.",
    },
    "local.answer.user": {
        "nb": "{typed} er ingen person: skriv en NAV-ident som @e152435.",
        "en": "{typed} is not a person: write a NAV ident like @e152435.",
    },
    "local.required-field": {
        "nb": "Fyll ut «{label}» først: feltet er påkrevd.",
        "en": "Fill in “{label}” first: it is required.",
    },
    "local.field-errors": {
        "nb": "Boten godtok ikke skjemaet. Rett feltene merket ✗:",
        "en": "The bot did not accept the form. Fix the fields marked ✗:",
    },
    "local.field-error": {"nb": "  ✗ {label}: {error}", "en": "  ✗ {label}: {error}"},
    # Things the console can't do.
    "local.unknown-command": {
        "nb": "{command} er ingen kommando her. Skriv /help.",
        "en": "{command} is not a command here. Type /help.",
    },
    "local.not-a-command": {
        "nb": "Skriv en kommando (/knada ..., /press, ...); /help viser alle.",
        "en": "Type a command (/knada ..., /press, ...); /help lists them all.",
    },
    "local.no-modal": {"nb": "Ingen modal er åpen.", "en": "No modal is open."},
    "local.modal-nothing": {
        "nb": "Denne modalen har ingen felt å fylle ut: trykk Enter for {submit}, eller /dismiss.",
        "en": "This modal has no fields to fill in: press Enter to {submit}, or /dismiss.",
    },
    "local.modal-close-only": {
        "nb": "Denne modalen kan bare lukkes: /dismiss.",
        "en": "This modal can only be closed: /dismiss.",
    },
    "local.http-error": {
        "nb": "Appen svarte HTTP {status}: {body}",
        "en": "The app answered HTTP {status}: {body}",
    },
    "local.unhandled": {
        "nb": "Appen har ingen lytter for dette (HTTP 404), så ingenting skjedde. I Slack ville brukeren sett en advarsel.",
        "en": "The app has no listener for this (HTTP 404), so nothing happened. In Slack the user would see a warning.",
    },
    "local.press-usage": {
        "nb": "Hvilken knapp? /press 3, eller /press og teksten på knappen.",
        "en": "Which button? /press 3, or /press and the button's label.",
    },
    "local.no-such-button": {
        "nb": "Det finnes ingen knapp {which} på skjermen.",
        "en": "There is no button {which} on screen.",
    },
    "local.button-gone": {
        "nb": "Knapp [{number}] finnes ikke lenger: meldingen eller modalen er endret.",
        "en": "Button [{number}] is no longer there: the message or modal has changed.",
    },
    "local.button-not-yours": {
        "nb": "Knapp [{number}] er på noe bare {who} ser.",
        "en": "Button [{number}] is on something only {who} can see.",
    },
    "local.press-link": {"nb": "(nettleseren åpner {url})", "en": "(the browser opens {url})"},
    "local.press-needs-option": {
        "nb": "[{number}] er en meny: legg til valget ditt, for eksempel /press {number} {example}.",
        "en": "[{number}] is a menu: add your pick, for example /press {number} {example}.",
    },
    "local.confirm-declined": {"nb": "Ikke gjort.", "en": "Not done."},
    "local.confirm": {"nb": "  {title}\n  {text}", "en": "  {title}\n  {text}"},
    # GitHub, played by the console.
    "local.no-prs": {"nb": "Det finnes ingen pull requests ennå.", "en": "There are no pull requests yet."},
    "local.no-open-pr": {
        "nb": "Ingen pull request er åpen; gi et nummer: {command} 3.",
        "en": "No pull request is open; give a number: {command} 3.",
    },
    "local.bad-pr": {"nb": "{which} er ikke et PR-nummer.", "en": "{which} is not a pull request number."},
    "local.github.checks-passed": {
        "nb": "GitHub · PR #{number}: sjekken {check} er grønn.",
        "en": "GitHub · PR #{number}: the check {check} passed.",
    },
    "local.github.checks-failed": {
        "nb": "GitHub · PR #{number}: sjekken {check} feilet:",
        "en": "GitHub · PR #{number}: the check {check} failed:",
    },
    "local.github.commit-added": {
        "nb": "GitHub · PR #{number}: sjekken la til en commit på {branch} ({sha}): en ny config får sin krypterte secretToken.enc-linje.",
        "en": "GitHub · PR #{number}: the check added a commit to {branch} ({sha}): a new config gets its encrypted secretToken.enc line.",
    },
    "local.github.approved": {
        "nb": "GitHub · PR #{number}: godkjent av {user} (som code owner).",
        "en": "GitHub · PR #{number}: approved by {user} (as a code owner).",
    },
    "local.github.merged": {
        "nb": "GitHub · PR #{number} er merget inn i {base} ({sha}).",
        "en": "GitHub · PR #{number} is merged into {base} ({sha}).",
    },
    "local.github.closed": {
        "nb": "GitHub · PR #{number} er lukket uten merge.",
        "en": "GitHub · PR #{number} is closed without a merge.",
    },
    "local.github.refused": {"nb": "GitHub sier nei: {reason}", "en": "GitHub says no: {reason}"},
    "local.github.webhook-failed": {
        "nb": "Boten tok ikke imot GitHubs {event}-webhook: HTTP {status} ({outcome}).",
        "en": "The bot did not take GitHub's {event} webhook: HTTP {status} ({outcome}).",
    },
    "local.pr-line": {
        "nb": "#{number} {state} · {branch} · {title}{checks}{approved}",
        "en": "#{number} {state} · {branch} · {title}{checks}{approved}",
    },
    "local.pr-checks": {"nb": " · sjekk {checks}", "en": " · check {checks}"},
    "local.pr-approved": {"nb": " · godkjent av {users}", "en": " · approved by {users}"},
    "local.pr-state.open": {"nb": "åpen", "en": "open"},
    "local.pr-state.merged": {"nb": "merget", "en": "merged"},
    "local.pr-state.closed": {"nb": "lukket", "en": "closed"},
    "local.diff-not-open": {
        "nb": "PR #{number} er {state}; /diff viser åpne pull requests.",
        "en": "PR #{number} is {state}; /diff shows open pull requests.",
    },
    # Who you are.
    "local.now-you": {"nb": "Nå er du @{ident}{admin}.", "en": "You are now @{ident}{admin}."},
    "local.admin-on": {
        "nb": "@{ident} er nå knada-administrator (medlem av @{group}).",
        "en": "@{ident} is now a knada admin (a member of @{group}).",
    },
    "local.admin-off": {
        "nb": "@{ident} er ikke lenger knada-administrator.",
        "en": "@{ident} is no longer a knada admin.",
    },
    "local.home-none": {"nb": "Boten publiserte ingen Home-fane.", "en": "The bot published no Home tab."},
    # The bot's own trouble.
    "local.job-failed": {
        "nb": "En {kind}-jobb{request} feilet og prøves igjen senere: {error}",
        "en": "A {kind} job{request} failed and will be retried later: {error}",
    },
    "local.job-dead": {
        "nb": "En {kind}-jobb{request} feilet for godt: {error}",
        "en": "A {kind} job{request} failed for good: {error}",
    },
    "local.job-request": {"nb": " for {request_id}", "en": " for {request_id}"},
    "local.request-failed": {"nb": "{request_id} feilet: {reason}", "en": "{request_id} failed: {reason}"},
    "local.unknown-method": {
        "nb": "Boten kalte Slack-metoden {method}, som denne lokale Slacken ikke kan (den fikk unknown_method).",
        "en": "The bot called the Slack method {method}, which this local Slack doesn't answer (it got unknown_method).",
    },
    "local.console-error": {
        "nb": "Konsollen feilet: {error}",
        "en": "The console failed: {error}",
    },
    # Scripts.
    "local.step-failed": {
        "nb": "Linje {line} feilet: {reason}",
        "en": "Line {line} failed: {reason}",
    },
    "local.expected-refusal": {
        "nb": "linjen forventet et nei fra boten eller GitHub, men den gikk gjennom",
        "en": "the line expected a no from the bot or GitHub, but it went through",
    },
    "local.outcome.refused": {"nb": "boten sa nei", "en": "the bot said no"},
    "local.outcome.usage": {
        "nb": "boten forsto ikke kommandoen",
        "en": "the bot did not understand the command",
    },
    "local.outcome.wrong_channel": {"nb": "feil kanal", "en": "wrong channel"},
    "local.outcome.error": {"nb": "boten feilet", "en": "the bot failed"},
    "local.script-modal-open": {
        "nb": "Skriptet sluttet mens modalen «{title}» fortsatt var åpen.",
        "en": "The script ended with the modal “{title}” still open.",
    },
    "local.script-done": {
        "nb": "Skriptet er ferdig: {steps} steg, alle som forventet.",
        "en": "Script done: {steps} steps, all as expected.",
    },
}
