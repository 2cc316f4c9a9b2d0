namespace GitGateway.Renderer.Status;

/// <summary>A Gateway API status condition (<c>status</c> is "True", "False" or "Unknown").</summary>
public sealed record Condition(string Type, string Status, string Reason, string Message);
