namespace GitGateway.Renderer.Status;

/// <summary>A Gateway status address (<c>type</c> IPAddress or Hostname).</summary>
public sealed record GatewayAddress(string Type, string Value);
