using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace OpenBooking.Tools.Email;

/// <summary>
/// An Azure Communication Services connection string, <c>endpoint=https://&lt;resource&gt;.communication.azure.com/;accesskey=&lt;base64&gt;</c>.
/// Parse errors say what is wrong without repeating the value (it holds the key).
/// </summary>
public sealed class AcsConnectionString
{
    private AcsConnectionString(string endpoint, byte[] accessKey)
    {
        Endpoint = endpoint;
        AccessKey = accessKey;
    }

    /// <summary>The resource's base URL, without a trailing slash (https://contoso.communication.azure.com).</summary>
    public string Endpoint { get; }

    /// <summary>The decoded HMAC key.</summary>
    internal byte[] AccessKey { get; }

    public static bool TryParse(string? value, out AcsConnectionString? connectionString, out string problem)
    {
        connectionString = null;
        string? endpoint = null;
        string? key = null;
        foreach (var part in (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }
            var name = part[..equals].Trim();
            if (name.Equals("endpoint", StringComparison.OrdinalIgnoreCase))
            {
                endpoint = part[(equals + 1)..].Trim();
            }
            else if (name.Equals("accesskey", StringComparison.OrdinalIgnoreCase))
            {
                key = part[(equals + 1)..].Trim();
            }
        }
        if (string.IsNullOrEmpty(endpoint) || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            problem = "has no valid endpoint=https://... part.";
            return false;
        }
        // Plain HTTP only reaches a local test server: the key signs requests, it is never sent, but the mail is.
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
        {
            problem = "must use an https endpoint.";
            return false;
        }
        byte[] decoded;
        try
        {
            decoded = string.IsNullOrEmpty(key) ? [] : Convert.FromBase64String(key);
        }
        catch (FormatException)
        {
            decoded = [];
        }
        if (decoded.Length == 0)
        {
            problem = "has no valid accesskey=<base64> part.";
            return false;
        }
        connectionString = new AcsConnectionString(uri.GetLeftPart(UriPartial.Path).TrimEnd('/'), decoded);
        problem = "";
        return true;
    }

    public override string ToString() => $"endpoint={Endpoint}";
}

/// <summary>
/// HMAC-SHA256 request signing for Communication Services data-plane APIs: the service recomputes
/// <c>VERB\n{path and query}\n{x-ms-date};{host};{x-ms-content-sha256}</c> with the resource's access key and compares
/// it with the signature in the <c>Authorization</c> header. The date and body hash are sent too, and are part of
/// what is signed, so neither can be changed in transit; the service refuses dates far from its clock.
/// </summary>
public static class AcsRequestSigner
{
    public const string SignedHeaders = "x-ms-date;host;x-ms-content-sha256";

    public static void Sign(HttpRequestMessage request, ReadOnlySpan<byte> body, byte[] accessKey, Instant now)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        var date = now.ToDateTimeOffset().ToString("r", CultureInfo.InvariantCulture);
        var contentHash = Convert.ToBase64String(SHA256.HashData(body));
        var signature = Signature(request.Method.Method, uri.PathAndQuery, date, uri.Authority, contentHash, accessKey);
        request.Headers.TryAddWithoutValidation("x-ms-date", date);
        request.Headers.TryAddWithoutValidation("x-ms-content-sha256", contentHash);
        request.Headers.TryAddWithoutValidation("Authorization", $"HMAC-SHA256 SignedHeaders={SignedHeaders}&Signature={signature}");
    }

    /// <summary>The base64 signature of one request.</summary>
    public static string Signature(string method, string pathAndQuery, string date, string host, string contentHash, byte[] accessKey)
    {
        var stringToSign = $"{method.ToUpperInvariant()}\n{pathAndQuery}\n{date};{host};{contentHash}";
        return Convert.ToBase64String(HMACSHA256.HashData(accessKey, Encoding.UTF8.GetBytes(stringToSign)));
    }
}
