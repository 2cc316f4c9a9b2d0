using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Rendering;

/// <summary>
/// A route entry as <see cref="EntryBuilder"/> built it, with the rule and match it came from (the last tie-breakers of
/// <see cref="EntryPrecedence"/>). Made once per entry and kept by <see cref="RenderReuse"/> with the entry, so the same
/// object stands for the same entry across renders: identity is by reference. A class, not a tuple: lists, sets and
/// sorts of it run the runtime's shared code for reference types instead of code compiled for each struct shape.
/// </summary>
internal sealed class BuiltEntry(RouteEntry entry, int rule, int match)
{
    public RouteEntry Entry { get; } = entry;

    public int Rule { get; } = rule;

    public int Match { get; } = match;
}
