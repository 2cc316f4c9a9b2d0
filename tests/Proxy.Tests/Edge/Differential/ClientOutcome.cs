namespace GitGateway.Proxy.Tests.Edge.Differential;

/// <summary>What one client-side case did on nginx and on the node, and what the corpus asserts about it.</summary>
internal sealed record ClientOutcome(ClientCase Case, RawExchange Nginx, int NginxRequests, RawExchange Us, int UsRequests, IReadOnlyList<string> UsHeads, IReadOnlyList<string> UsReceived)
{
    public string NginxCell => $"{Nginx.Summary}, backend {NginxRequests}";

    public string UsCell => $"{Us.Summary}, backend {UsRequests}";

    public string Note => Case.Allowed
        ?? (UsRequests < NginxRequests ? "stricter: nginx forwards it" : Case.Forbidden is { } text ? $"'{text}' does not reach the backend" : "");

    /// <summary>Each way the node's handling breaks the rules: never more requests than the client sent, never an ambiguous one, nothing nginx refuses, nothing forbidden.</summary>
    public IEnumerable<string> Failures()
    {
        if (UsRequests > Case.Requests)
        {
            yield return $"{Case.Name}: {UsRequests} requests reached the backend from {Case.Requests} sent";
        }

        foreach (var head in UsHeads)
        {
            if (RequestFraming.Ambiguity(head) is { } why)
            {
                yield return $"{Case.Name}: the backend got an ambiguous request ({why})";
            }
        }

        if (Case.Allowed is null && UsRequests > NginxRequests)
        {
            yield return $"{Case.Name}: nginx let {NginxRequests} request(s) through, we let {UsRequests}";
        }

        if (Case.Allowed is null && NginxRequests == 0 && Us.Statuses.Any(s => s is >= 200 and < 300))
        {
            yield return $"{Case.Name}: nginx refused it, we answered {Us.Summary}";
        }

        if (Case.Forbidden is { } text && UsReceived.Any(r => r.Contains(text, StringComparison.OrdinalIgnoreCase)))
        {
            yield return $"{Case.Name}: '{text}' reached the backend";
        }
    }
}
