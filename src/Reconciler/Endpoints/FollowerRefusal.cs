using GitGateway.Reconciler.Cluster;

namespace GitGateway.Reconciler.Endpoints;

/// <summary>
/// With leader election the kill switch and the work queue are the leader's: a replica that does not hold the Lease
/// refuses pause, resume and refresh (409) and names the leader (a refresh it queued would wait until it led), instead of answering "paused" for a switch no apply of it reads. Worse than a
/// no-op, it would also have written the cluster's copy of the switch, which the leader does not read but the next
/// leader restores: a resume sent to a follower undid the leader's pause at the next takeover.
/// </summary>
internal static class FollowerRefusal
{
    /// <summary>The answer of a follower to <paramref name="action"/>, or null when this replica leads (or no election runs).</summary>
    public static IResult? For(LeaseElection? election, string action)
    {
        if (election is not { IsLeader: false })
        {
            return null;
        }

        var leader = election.Leader is { Length: > 0 } name && name != election.Identity ? name : null;
        var message = leader is null
            ? $"{action} refused: this replica ({election.Identity}) is not the leader and no replica holds the Lease now; try again in a few seconds"
            : $"{action} refused: this replica ({election.Identity}) is not the leader; send it to the leader {leader} (the Service gitgateway-reconciler reaches it)";
        return Results.Json(
            new { status = "refused", role = "follower", identity = election.Identity, leader, message },
            statusCode: StatusCodes.Status409Conflict);
    }
}
