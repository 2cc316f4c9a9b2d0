namespace GitGateway.Plan.Model;

/// <summary>A BGP peer; <see cref="PasswordSecretRef"/> names a TCP MD5 secret held on the node.</summary>
public sealed record BgpPeer(string Id, string Address, uint As, int Port, string? PasswordSecretRef);
