namespace GitGateway.Reconciler.Hosting;

/// <summary>The body of <c>POST /v1/nodes/{name}/report</c>: ACK (accepted) or NACK with the error, and readiness.</summary>
internal sealed record NodeReport(string PlanHash, bool Accepted, string? Error, bool Ready);
