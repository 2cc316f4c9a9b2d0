namespace GitGateway.Vip.Bgp;

/// <summary>The peer ended the session (a NOTIFICATION or a closed connection); nothing is sent back (RFC 4271 §6).</summary>
public sealed class BgpPeerClosedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BgpPeerClosedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public BgpPeerClosedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public BgpPeerClosedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
