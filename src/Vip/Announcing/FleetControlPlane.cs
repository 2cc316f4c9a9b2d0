namespace GitGateway.Vip.Announcing;

/// <summary>
/// The control plane's fleet view for this node: <paramref name="Url"/> answers <c>{"serving":[…]}</c> with the VIP
/// ids the other nodes reported serving, read with the node's bearer <paramref name="Token"/>.
/// </summary>
public sealed record FleetControlPlane(Uri Url, string Token)
{
    /// <summary>Never the token.</summary>
    public override string ToString() => Url.ToString();
}
