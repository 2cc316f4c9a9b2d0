using System.Text.Json;

namespace GitGateway.Plan.Serialization;

/// <summary>
/// Bytes that are not a plan (or not a plan delta): malformed JSON, a value of the wrong kind, a document over the size
/// limit or nested deeper than <see cref="PlanJson.MaxDepth"/>. The one exception the plan readers throw for any input;
/// a <see cref="JsonException"/>, so callers that refuse JSON refuse it.
/// </summary>
public sealed class PlanJsonException : JsonException
{
    /// <summary>Creates the exception.</summary>
    public PlanJsonException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PlanJsonException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public PlanJsonException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a message and the byte offset it happened at.</summary>
    public PlanJsonException(string message, long bytePosition, Exception? innerException = null)
        : base(message, innerException)
    {
        BytePosition = bytePosition;
    }

    /// <summary>The offset in the input, in bytes, where reading stopped.</summary>
    public long BytePosition { get; }
}
