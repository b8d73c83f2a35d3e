namespace OpenBooking.Web.Chat;

/// <summary>
/// Binds a browser to its conversation: a random id in an HttpOnly cookie, set on the first (prerender)
/// request. Whoever holds the cookie sees the transcript, so it never leaves the server's responses to script.
/// </summary>
public static class ConversationCookie
{
    public const string Name = "ob_conversation";

    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    /// <summary>The conversation id from the request's cookie, or a new one written to the response.</summary>
    public static Guid GetOrCreate(HttpContext context)
    {
        if (Guid.TryParse(context.Request.Cookies[Name], out var existing) && existing != Guid.Empty)
        {
            return existing;
        }
        var id = Guid.NewGuid();
        if (!context.Response.HasStarted)
        {
            context.Response.Cookies.Append(Name, id.ToString("N"), new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = context.Request.IsHttps,
                IsEssential = true,
                MaxAge = Lifetime,
                Path = "/",
            });
        }
        return id;
    }
}
