namespace GitGateway.Reconciler.Tests.GitHub;

/// <summary>A comment the emulator holds; <see cref="Edits"/> counts PATCHes.</summary>
internal sealed class EmulatedComment(long id, string body)
{
    public long Id { get; } = id;

    public string Body { get; set; } = body;

    public int Edits { get; set; }
}
