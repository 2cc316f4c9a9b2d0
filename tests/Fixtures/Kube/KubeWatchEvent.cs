using System.Text.Json.Nodes;

namespace GitGateway.Fixtures.Kube;

/// <summary>One change in the emulator's history: ADDED, MODIFIED or DELETED, with the object after it.</summary>
internal sealed record KubeWatchEvent(string Type, long ResourceVersion, KubeKind Kind, string Namespace, JsonObject Object);
