namespace GitGateway.Plan.Delta;

/// <summary>A delta that does not apply to the plan it was given (another base, a span out of range, a hash that differs).</summary>
public sealed class PlanDeltaException : Exception
{
    public PlanDeltaException()
    {
    }

    public PlanDeltaException(string message)
        : base(message)
    {
    }

    public PlanDeltaException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
