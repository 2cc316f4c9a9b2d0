namespace GitGateway.Vip.Bgp;

/// <summary>
/// An error that RFC 4271 §6 answers with a NOTIFICATION and a session reset. Errors RFC 7606 allows to handle
/// by treat-as-withdraw never throw: they are reported on the decoded <see cref="UpdateMessage"/>.
/// </summary>
public sealed class BgpProtocolException : Exception
{
    /// <summary>Creates the exception with the NOTIFICATION to send.</summary>
    public BgpProtocolException(byte code, byte subcode, string message, byte[]? data = null)
        : base(message)
    {
        Code = code;
        Subcode = subcode;
        NotificationData = data ?? [];
    }

    /// <summary>Creates an exception with no NOTIFICATION detail.</summary>
    public BgpProtocolException()
        : this(BgpError.Cease, 0, "BGP error")
    {
    }

    /// <summary>Creates an exception with no NOTIFICATION detail.</summary>
    public BgpProtocolException(string message)
        : this(BgpError.Cease, 0, message)
    {
    }

    /// <summary>Creates an exception with no NOTIFICATION detail.</summary>
    public BgpProtocolException(string message, Exception inner)
        : base(message, inner)
    {
        Code = BgpError.Cease;
        NotificationData = [];
    }

    /// <summary>The NOTIFICATION error code.</summary>
    public byte Code { get; }

    /// <summary>The NOTIFICATION error subcode.</summary>
    public byte Subcode { get; }

    /// <summary>The NOTIFICATION data.</summary>
    public IReadOnlyList<byte> NotificationData { get; }

    /// <summary>The NOTIFICATION this error is answered with.</summary>
    public NotificationMessage ToNotification() => new(Code, Subcode, [.. NotificationData]);
}
