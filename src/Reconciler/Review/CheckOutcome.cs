namespace GitGateway.Reconciler.Review;

/// <summary>How a commit check ends (or that it is still running).</summary>
internal enum CheckOutcome
{
    Pending,
    Success,
    Failure,
    Neutral,
}
