namespace GitGateway.Reconciler.Git;

/// <summary>An object read by <c>git cat-file --batch</c>; <see cref="Content"/> is empty when it is missing.</summary>
/// <param name="ObjectId">The id asked for.</param>
/// <param name="Type">The object type (<c>blob</c>, …) or <c>missing</c>.</param>
/// <param name="Content">The object's bytes.</param>
public sealed record GitBlob(string ObjectId, string Type, ReadOnlyMemory<byte> Content)
{
    /// <summary>True when the repository has no such object.</summary>
    public bool IsMissing => Type == "missing";

    /// <summary>
    /// The object's size when it was over the reader's limit and its content was not read (<see cref="Content"/> is
    /// then empty, and it is the last object the reader gives); null when read.
    /// </summary>
    public long? UnreadSize { get; init; }
}
