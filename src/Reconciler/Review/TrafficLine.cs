namespace GitGateway.Reconciler.Review;

/// <summary>One line of the traffic change, e.g. key <c>store.example.com /api</c>, change <c>store-api-v1 90%→50%, store-api-v2 10%→50%</c>.</summary>
internal sealed record TrafficLine(string Host, string Key, string Change, KeyedEntry? Before, KeyedEntry? After)
{
    public string Text => $"{Key}: {Change}";
}
