namespace GitGateway.Plan.Model;

/// <summary>WAF: <c>detection</c> logs, <c>prevention</c> blocks when the anomaly score reaches the threshold.</summary>
public sealed record WafSettings(bool Enabled, string Mode, int ParanoiaLevel, int AnomalyThreshold);
