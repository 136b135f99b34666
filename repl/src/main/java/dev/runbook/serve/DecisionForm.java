package dev.runbook.serve;

/** The approve and deny buttons: a form that posts to the run, with the token that shows it came from our page. */
final class DecisionForm {
    private DecisionForm() {}

    static String render(String runId, String member, String how, String tokenField, String token, boolean visible) {
        String action = "/runs/" + Html.esc(runId);
        return "<form class=\"decide\" id=\"decide\" method=\"post\" action=\"" + action + "/approve\"" + (visible ? "" : " hidden") + ">"
                + "<p>You are <b>" + Html.esc(member) + "</b> (" + Html.esc(how.equals("sso") ? "signed in through single sign-on"
                : "one-time link") + ").</p>"
                + "<input type=\"hidden\" name=\"" + Html.esc(tokenField) + "\" value=\"" + Html.esc(token) + "\">"
                + "<label>Reason <input name=\"reason\" maxlength=\"500\" autocomplete=\"off\"></label>"
                + "<button type=\"submit\" id=\"approve\" class=\"approve\">Approve</button>"
                + "<button type=\"submit\" id=\"deny\" class=\"deny\" formaction=\"" + action + "/deny\">Deny</button></form>";
    }
}
