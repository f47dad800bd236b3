"""User text that looks like Slack markup (``<!channel>``, ``<@U123>``, ``&``) is shown literally and pings
nobody: in answers to commands, on cards and in threads, and in forms. The fake Slack records any
``<!channel>`` the bot sends as a violation, so the fixture's ``violations == []`` is half of each test."""

from __future__ import annotations

from tests.fakes.slack import block_text
from tests.test_slack_stack import KYRRE, SlackStack, stack

__all__ = ["stack"]

# What Slack sends for "<!channel> & <@U123>" typed as text: it escapes & < > in command text.
TYPED = "&lt;!channel&gt; &amp; &lt;@U123&gt;"


def test_typed_markup_in_a_command_is_echoed_escaped(stack: SlackStack) -> None:
    answer = stack.say(f'hub show "{TYPED}"')
    assert answer.text == f"There is no hub with ingress `{TYPED}`. See every hub with `/knada hub list`."
    refused = stack.say(f'hub env set kyrre "GREETING={TYPED}"').text
    assert "GREETING" in refused and "&amp; &lt; &gt;" in refused
    assert "<!channel>" not in refused and "<@U123>" not in refused
    usage = stack.say(f"hub users add kyrre {TYPED}").text
    assert "`&lt;!channel&gt;` is not a NAV ident" in usage
    assert stack.request_rows() == []


def test_slack_markup_in_a_command_pings_nobody(stack: SlackStack) -> None:
    # With should_escape, "@channel" typed in the command arrives as <!channel>, a mention as <@U123|ola>.
    answer = stack.say("hub show <!channel>").text
    assert answer.startswith("There is no hub with ingress `@channel`.")
    assert (
        "Could not find the NAV ident of @ola &amp; co"
        in stack.say("hub users add kyrre <@U123|ola &amp; co>").text
    )


def test_a_check_named_like_markup_is_shown_literally_on_the_card_and_in_the_thread(
    stack: SlackStack,
) -> None:
    stack.say("hub users add kyrre g678901")
    number = stack.wait_pr("knada-bot/r-1")
    head = stack.github.pulls[number].head_sha
    stack.github.set_status(head, "<!channel> & <@U123>", "failure", "https://ci.example/run/1")
    card = stack.wait_card("R-1", "checks failed")
    assert ":x: <https://ci.example/run/1|&lt;!channel&gt; &amp; &lt;@U123&gt;>" in card
    reply = stack.wait_thread("R-1", "failed")
    assert "&lt;!channel&gt; &amp; &lt;@U123&gt;" in reply
    everything = stack.all_text()
    assert "<!channel>" not in everything and "<@U123>" not in everything


def test_markup_typed_into_a_form_comes_back_as_typed_on_its_field(stack: SlackStack) -> None:
    stack.say("hub create", user=KYRRE)
    form = stack.modal(KYRRE, "New hub")
    raw = "<!channel> & <@U123>"
    answer = stack.submit(KYRRE, form, {"ingress": "analyse", "namespace": raw})
    # Field errors are plain text: Slack shows them as they are, so they are not escaped.
    assert answer["response_action"] == "errors"
    assert raw in answer["errors"]["namespace"]
    stack.submit(KYRRE, form, {"ingress": "analyse", "envs": f"GREETING={raw}"})
    stack.say("hub show kyrre")
    stack.click(KYRRE, "edit:env-set")
    env_form = stack.modal(KYRRE, "Set a variable")
    assert stack.submit(KYRRE, env_form, {"name": "GREETING", "value": raw})["response_action"] == "errors"
    everything = stack.all_text()
    assert "<!channel>" not in everything and "<@U123>" not in everything
    assert stack.request_rows() == []
    assert block_text(stack.slack.views(KYRRE)[-1])  # the form is still open to fix
