using System.Net;
using System.Net.Sockets;
using System.Security.Claims;

namespace OpenBooking.Tools.Mcp;

/// <summary>
/// Who is calling a tool. Staff (an MCP API key over HTTP, or the local operator over stdio) may act for any
/// customer; everyone else (the chat agent among them) must show a verification token for the email.
/// </summary>
/// <remarks>
/// Each caller also has a client address, which the one-time code limits count by. It is a claim that only the
/// transports set, each from what it knows for sure: the HTTP endpoint from the connection's remote address, the
/// stdio host as <c>stdio</c>, and the in-memory transport (reachable only from inside this process, i.e. the chat
/// agent) from the request's <c>_meta</c> (<see cref="ClientAddressMetaKey"/>), where the chat puts the browser's
/// address. A remote client's own <c>_meta</c> is never read, so it cannot pick its address to dodge a limit.
/// </remarks>
public static class ToolCaller
{
    public const string RoleClaim = "openbooking:role";
    public const string StaffRole = "staff";
    public const string ClientAddressClaim = "openbooking:client-address";

    /// <summary>The <c>_meta</c> key of an in-process tool call that carries the end user's address.</summary>
    public const string ClientAddressMetaKey = "openbooking/clientAddress";

    /// <summary>The address of a caller nobody vouched for; they all share one set of limits.</summary>
    public const string UnknownAddress = "unknown";

    public static ClaimsPrincipal Staff(string name) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, name), new Claim(RoleClaim, StaffRole)], authenticationType: "OpenBooking", ClaimTypes.Name, RoleClaim));

    public static bool IsStaff(ClaimsPrincipal? user) => user?.HasClaim(RoleClaim, StaffRole) == true;

    /// <summary>The caller with its client address added (a copy: the principal given is left as it is).</summary>
    public static ClaimsPrincipal WithClientAddress(ClaimsPrincipal? user, string? address)
    {
        var copy = user is null ? new ClaimsPrincipal() : new ClaimsPrincipal(user.Identities.Select(WithoutAddress));
        copy.AddIdentity(new ClaimsIdentity([new Claim(ClientAddressClaim, NormalizeAddress(address))]));
        return copy;
    }

    private static ClaimsIdentity WithoutAddress(ClaimsIdentity identity)
    {
        var clone = identity.Clone();
        foreach (var claim in clone.FindAll(ClientAddressClaim).ToList())
        {
            clone.RemoveClaim(claim);
        }
        return clone;
    }

    /// <summary>The caller's client address for rate limits; <see cref="UnknownAddress"/> when no transport set one.</summary>
    public static string ClientAddress(ClaimsPrincipal? user) => user?.FindFirst(ClientAddressClaim)?.Value ?? UnknownAddress;

    /// <summary>
    /// An IP address as one limit bucket: IPv4 as is (also when mapped into IPv6), IPv6 by its /64 (one household
    /// or server gets a whole /64, so single addresses would be free to change). Other names (<c>stdio</c>) stay.
    /// </summary>
    public static string NormalizeAddress(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return UnknownAddress;
        }
        if (!IPAddress.TryParse(address.Trim(), out var ip))
        {
            var name = address.Trim();
            return name.Length > 64 ? name[..64] : name;
        }
        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }
        if (ip.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(ip))
        {
            return ip.ToString();
        }
        var bytes = ip.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
