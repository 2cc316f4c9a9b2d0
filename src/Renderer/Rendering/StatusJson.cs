using System.Text.Json;
using GitGateway.Plan.Serialization;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Rendering;

/// <summary>
/// Writes a render's statuses by hand, byte for byte what <c>System.Text.Json</c>'s serializer writes for them under
/// <c>PlanJson.Indented</c> (camelCase names, members in declaration order, a null member left out, a null item of a
/// list written as <c>null</c>) with the plan's member writers (<see cref="PlanJsonMembers"/>), without building the
/// serializer's metadata for the status records. Strings are escaped
/// by the caller's writer, as the serializer's were.
/// </summary>
internal static class StatusJson
{
    /// <summary>Writes <paramref name="status"/> as the render's <c>status</c> object.</summary>
    public static void Write(Utf8JsonWriter writer, RenderStatus status)
    {
        writer.WriteStartObject();
        TopList(writer, "gatewayClasses"u8, status.GatewayClasses, Gateway);
        TopList(writer, "gateways"u8, status.Gateways, Gateway);
        TopList(writer, "routes"u8, status.Routes, Route);
        if (status.ListenerSets.Count > 0)
        {
            TopList(writer, "listenerSets"u8, status.ListenerSets, ListenerSet);
        }

        if (status.Policies is { Count: > 0 } policies)
        {
            // Written only when the input has policies, so renders without them keep their exact bytes.
            TopList(writer, "policies"u8, policies, Policy);
        }

        writer.WriteEndObject();
    }

    private static void Gateway(Utf8JsonWriter writer, GatewayStatus gateway)
    {
        PlanJsonMembers.String(writer, "namespace"u8, gateway.Namespace);
        PlanJsonMembers.String(writer, "name"u8, gateway.Name);
        List(writer, "conditions"u8, gateway.Conditions, Condition);
        List(writer, "listeners"u8, gateway.Listeners, Listener);
        List(writer, "addresses"u8, gateway.Addresses, Address);
        PlanJsonMembers.Number(writer, "attachedListenerSets"u8, gateway.AttachedListenerSets);
    }

    private static void Listener(Utf8JsonWriter writer, ListenerStatus listener)
    {
        PlanJsonMembers.String(writer, "name"u8, listener.Name);
        writer.WriteNumber("attachedRoutes"u8, listener.AttachedRoutes);
        List(writer, "supportedKinds"u8, listener.SupportedKinds, GroupKind);
        List(writer, "conditions"u8, listener.Conditions, Condition);
    }

    private static void ListenerSet(Utf8JsonWriter writer, ListenerSetStatus set)
    {
        PlanJsonMembers.String(writer, "namespace"u8, set.Namespace);
        PlanJsonMembers.String(writer, "name"u8, set.Name);
        PlanJsonMembers.String(writer, "kind"u8, set.Kind);
        List(writer, "conditions"u8, set.Conditions, Condition);
        List(writer, "listeners"u8, set.Listeners, Listener);
    }

    private static void Route(Utf8JsonWriter writer, RouteStatus route)
    {
        PlanJsonMembers.String(writer, "kind"u8, route.Kind);
        PlanJsonMembers.String(writer, "namespace"u8, route.Namespace);
        PlanJsonMembers.String(writer, "name"u8, route.Name);
        List(writer, "parents"u8, route.Parents, RouteParent);
    }

    private static void RouteParent(Utf8JsonWriter writer, RouteParentStatus parent)
    {
        PlanJsonMembers.Object(writer, "parentRef"u8, parent.ParentRef, ParentRef);
        PlanJsonMembers.String(writer, "controllerName"u8, parent.ControllerName);
        List(writer, "conditions"u8, parent.Conditions, Condition);
    }

    private static void Policy(Utf8JsonWriter writer, PolicyStatus policy)
    {
        PlanJsonMembers.String(writer, "kind"u8, policy.Kind);
        PlanJsonMembers.String(writer, "namespace"u8, policy.Namespace);
        PlanJsonMembers.String(writer, "name"u8, policy.Name);
        List(writer, "ancestors"u8, policy.Ancestors, Ancestor);
    }

    private static void Ancestor(Utf8JsonWriter writer, PolicyAncestorStatus ancestor)
    {
        PlanJsonMembers.Object(writer, "ancestorRef"u8, ancestor.AncestorRef, ParentRef);
        PlanJsonMembers.String(writer, "controllerName"u8, ancestor.ControllerName);
        List(writer, "conditions"u8, ancestor.Conditions, Condition);
    }

    private static void ParentRef(Utf8JsonWriter writer, ParentReference reference)
    {
        PlanJsonMembers.String(writer, "group"u8, reference.Group);
        PlanJsonMembers.String(writer, "kind"u8, reference.Kind);
        PlanJsonMembers.String(writer, "namespace"u8, reference.Namespace);
        PlanJsonMembers.String(writer, "name"u8, reference.Name);
        PlanJsonMembers.String(writer, "sectionName"u8, reference.SectionName);
        PlanJsonMembers.Number(writer, "port"u8, reference.Port);
    }

    private static void Condition(Utf8JsonWriter writer, Condition condition)
    {
        PlanJsonMembers.String(writer, "type"u8, condition.Type);
        PlanJsonMembers.String(writer, "status"u8, condition.Status);
        PlanJsonMembers.String(writer, "reason"u8, condition.Reason);
        PlanJsonMembers.String(writer, "message"u8, condition.Message);
    }

    private static void GroupKind(Utf8JsonWriter writer, GroupKind kind)
    {
        PlanJsonMembers.String(writer, "group"u8, kind.Group);
        PlanJsonMembers.String(writer, "kind"u8, kind.Kind);
    }

    private static void Address(Utf8JsonWriter writer, GatewayAddress address)
    {
        PlanJsonMembers.String(writer, "type"u8, address.Type);
        PlanJsonMembers.String(writer, "value"u8, address.Value);
    }

    // A list member of a record: left out when null, as the serializer leaves out any null member.
    private static void List<T>(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IReadOnlyList<T>? items, Action<Utf8JsonWriter, T> members)
        where T : class
    {
        if (items is not null)
        {
            writer.WritePropertyName(name);
            Items(writer, items, members);
        }
    }

    // A list the status object always names: a null list is written as null, as the serializer wrote a null value.
    private static void TopList<T>(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IReadOnlyList<T>? items, Action<Utf8JsonWriter, T> members)
        where T : class
    {
        writer.WritePropertyName(name);
        if (items is null)
        {
            writer.WriteNullValue();
            return;
        }

        Items(writer, items, members);
    }

    private static void Items<T>(Utf8JsonWriter writer, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> members)
        where T : class
    {
        writer.WriteStartArray();
        for (var i = 0; i < items.Count; i++)
        {
            PlanJsonMembers.Value(writer, items[i], members);
            if (writer.BytesPending > PlanJsonMembers.FlushThreshold)
            {
                writer.Flush();
            }
        }

        writer.WriteEndArray();
    }
}
