using System.Collections.Concurrent;

namespace GitGateway.Fixtures.Echo;

/// <summary>
/// The <c>/retry/</c> simulator of the conformance echo: the first <c>succeedAfter</c> attempts carrying the same
/// <c>uuid</c> fail, later ones succeed. State is per backend instance, like per pod upstream.
/// </summary>
internal sealed class RetrySimulator
{
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);

    /// <summary>Counts this attempt and says whether it must fail.</summary>
    public bool ShouldFail(string uuid, int succeedAfter)
    {
        var attempt = _attempts.AddOrUpdate(uuid, 1, (_, n) => n + 1);
        return attempt <= succeedAfter;
    }
}
