using GitGateway.Reconciler.Review;

namespace GitGateway.Reconciler.Hosting;

/// <summary>
/// The <c>gitgateway/source</c> check on the commit the nodes serve: it fails while the remote cannot be fetched
/// (so the failure shows where people look, on the commit), and succeeds again once a fetch works.
/// </summary>
internal static class SourceCheck
{
    public const string Name = "gitgateway/source";

    public static CheckReport Failing(string commit, string error, long? lastGoodAgeSeconds) => new(
        Name,
        commit,
        CheckOutcome.Failure,
        lastGoodAgeSeconds is { } seconds ? $"cannot fetch the repository; last good revision fetched {seconds} s ago" : "cannot fetch the repository",
        $"Fetching the remote fails: {error}\n\nThe nodes keep serving this commit, the last good revision"
        + (lastGoodAgeSeconds is { } age ? $", fetched {age} s ago." : "."),
        null,
        []);

    public static CheckReport Recovered(string commit) => new(
        Name, commit, CheckOutcome.Success, "fetching again", "The remote can be fetched again.", null, []);
}
