"""Catalog texts: the command line (`knada-bot plan | submit`)."""

MESSAGES: dict[str, dict[str, str]] = {
    "cli.needs-ident": {
        "nb": "Hvem spør? Gi NAV-identen din med --as (for eksempel --as e152435) eller i KNADA_IDENT.",
        "en": "Who is asking? Give your NAV ident with --as (for example --as e152435) or in KNADA_IDENT.",
    },
    "cli.not-a-change": {
        "nb": "Den kommandoen endrer ingen config, så det finnes ingen endring å vise. Bruk den i Slack.",
        "en": "That command changes no config, so there is no change to show. Use it in Slack.",
    },
    "cli.bad-request-id": {
        "nb": "--request-id må se ut som R-42, ikke {request_id}.",
        "en": "--request-id must look like R-42, not {request_id}.",
    },
    "cli.no-forge": {
        "nb": "Ingen forge er satt opp: sett GITHUB_TOKEN (eller GITHUB_APP_ID og GITHUB_APP_PRIVATE_KEY) og "
        "GITHUB_REPO, eller gi et lokalt git-repo med --repo.",
        "en": "No forge is configured: set GITHUB_TOKEN (or GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY) and "
        "GITHUB_REPO, or give a local git repository with --repo.",
    },
    "cli.forge-failed": {
        "nb": "Klarte ikke å åpne pull requesten: {error}. Prøv igjen med samme --request-id; det lager ikke "
        "en ny.",
        "en": "Could not open the pull request: {error}. Try again with the same --request-id; it won't "
        "make a second one.",
    },
}
