namespace GitGateway.Proxy.Tests.Edge.Differential;

/// <summary>What the client read from nginx and from the node for one upstream-side case, and what the corpus asserts.</summary>
internal sealed record UpstreamOutcome(UpstreamCase Case, RawExchange Nginx, RawExchange Us)
{
    public string NginxCell => Cell(Nginx);

    public string UsCell => Cell(Us);

    public string Note => (Refused(Us), Refused(Nginx)) switch
    {
        _ when Case.Allowed is { } why => why,
        (true, false) => "stricter: nginx relays it",
        _ when Case.Marker is { } marker => $"'{marker}' does not reach the client",
        _ => "",
    };

    /// <summary>
    /// Each way the node's answer breaks the rules: what nginx refuses as a bad gateway the node refuses too (no
    /// 1xx-3xx first answer), and the case's marker (a smuggled answer, an injected field) never reaches the client.
    /// </summary>
    public IEnumerable<string> Failures()
    {
        if (Case.Allowed is null && Refused(Nginx) && !Refused(Us))
        {
            yield return $"{Case.Name}: nginx refused the answer ({Nginx.Summary}), we relayed {Us.Summary}";
        }

        if (Case.Marker is { } marker && Us.Text.Contains(marker, StringComparison.Ordinal))
        {
            yield return $"{Case.Name}: '{marker}' reached the client";
        }
    }

    /// <summary>True when the client's first answer is a 5xx, or there is none.</summary>
    private static bool Refused(RawExchange exchange) => exchange.Statuses is [] or [>= 500, ..];

    private string Cell(RawExchange exchange) =>
        Case.Marker is { } marker && exchange.Text.Contains(marker, StringComparison.Ordinal) ? $"{exchange.Summary}, '{marker}' reached the client" : exchange.Summary;
}
