"""The web console for admins and heads of unit (`/admin`): server-rendered pages over the same
core as the chats. Signed in by a link a chat sends (/web); every action goes through the web
channel's inbox to the same flows a chat tap reaches (webhooks.web.intake)."""
