# syntax=docker/dockerfile:1
# OpenBooking web app (the chat, the dashboard, /mcp and the co-hosted tool servers).
#   docker build -t openbooking .
#   docker run -p 8080:8080 -v openbooking-data:/data openbooking      (SQLite in the volume)
# See compose.yaml for several instances on PostgreSQL behind a proxy, and "Deploy" in README.md.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so that the packages layer is reused while the code changes.
COPY Directory.Build.props Directory.Packages.props ./
COPY OpenBooking.Tools/OpenBooking.Tools.csproj OpenBooking.Tools/
COPY OpenBooking.Web/OpenBooking.Web.csproj OpenBooking.Web/
RUN dotnet restore OpenBooking.Web/OpenBooking.Web.csproj
COPY OpenBooking.Tools/ OpenBooking.Tools/
COPY OpenBooking.Web/ OpenBooking.Web/
RUN dotnet publish OpenBooking.Web/OpenBooking.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The data directory (SQLite file, mail pickup folder, Data Protection keys on SQLite) is a volume owned by the
# image's non-root user "app".
RUN mkdir -p /data && chown app:app /data
VOLUME /data
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Storage__DataDirectory=/data \
    DOTNET_gcServer=0
USER app
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=6s --start-period=20s --retries=3 \
    CMD ["dotnet", "OpenBooking.Web.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "OpenBooking.Web.dll"]
