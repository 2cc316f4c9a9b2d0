namespace GitGateway.Plan.Model;

/// <summary>Where an effective policy came from.</summary>
public enum PolicyOrigin
{
    /// <summary>A gateway-wide policy (platform team).</summary>
    Gateway,

    /// <summary>A policy on the route itself (the route's team).</summary>
    Route,
}
