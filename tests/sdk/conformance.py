#!/usr/bin/env python3
"""SDK conformance of the EIAM emulator.

Drives a running emulator with the official Alibaba Cloud SDK
(alibabacloud-eiam-developerapi20220225==1.9.0), unchanged: a token, then every operation with
its success path and the documented error paths, asserting what the SDK parsed (response
fields; exception class, status, code, message and request id). Any response the SDK cannot
parse raises, which fails the run.

Usage: conformance.py --endpoint 127.0.0.1:PORT [--instance ID --application ID
       --client-id ID --client-secret SECRET]
Exit status 0 when every check passed.
"""

import argparse
import json
import re
import sys
import time
import traceback
import urllib.request

from alibabacloud_eiam_developerapi20220225 import models as m
from alibabacloud_eiam_developerapi20220225.client import Client
from alibabacloud_tea_openapi import models as open_api_models
from alibabacloud_tea_openapi.exceptions import ClientException, ServerException
from darabonba.runtime import RuntimeOptions

ALL_ACTIONS = {
    "AddUserToOrganizationalUnits", "AddUsersToGroup", "CreateGroup", "CreateOrganizationalUnit",
    "CreateUser", "CreateUserExclusiveCredential", "DeleteGroup", "DeleteOrganizationalUnit",
    "DeleteUser", "DisableUser", "EnableUser", "FetchOAuthAuthenticationToken",
    "GenerateDeviceCode", "GenerateJwtAuthenticationToken", "GenerateToken",
    "GenerateTokenByAuthorizationServer", "GetApplicationProvisioningScope", "GetGroup",
    "GetOAuthAuthorizationSession", "GetOrganizationalUnit", "GetOrganizationalUnitIdByExternalId",
    "GetUser", "GetUserIdByEmail", "GetUserIdByPhoneNumber", "GetUserIdByUserExternalId",
    "GetUserIdByUsername", "GetUserInfo", "ListAuthenticationTokens", "ListGroups",
    "ListGroupsForUser", "ListOrganizationalUnitParentIds", "ListOrganizationalUnits", "ListUsers",
    "ListUsersForGroup", "ObtainCloudAccountRoleAccessCredential", "ObtainCredential",
    "ObtainJwtAuthenticationToken", "ObtainJwtAuthenticationTokenByDerivedShortToken", "PatchGroup",
    "PatchOrganizationalUnit", "PatchOrganizationalUnitParentId", "PatchUser",
    "ReinstateAuthenticationToken", "ReinstateAuthenticationTokenByConsumer",
    "RemoveUserFromOrganizationalUnits", "RemoveUsersFromGroup", "RevokeAuthenticationToken",
    "RevokeAuthenticationTokenByConsumer", "RevokeToken", "SetUserPrimaryOrganizationalUnit",
    "UpdateUserPassword", "ValidateAuthenticationToken",
}
REQUEST_ID = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")


def snake(action):
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", action.replace("OAuth", "Oauth")).lower()


class Failure(Exception):
    pass


class Conformance:
    def __init__(self, args):
        self.args = args
        self.instance = args.instance
        self.app = args.application
        self.client = Client(open_api_models.Config(endpoint=args.endpoint, protocol="http"))
        self.token = None
        self.succeeded = set()
        self.checks = 0

    # -- plumbing ------------------------------------------------------------------------------

    def check(self, cond, what):
        self.checks += 1
        if not cond:
            raise Failure(what)

    def call(self, action, *path, bearer=None, app=True, **fields):
        """Calls `action` through the SDK; returns the parsed body model (or the response)."""
        request = getattr(m, action + "Request")(**fields)
        headers_cls = getattr(m, action + "Headers", None)
        if headers_cls is not None:
            headers = headers_cls(authorization="Bearer " + (bearer or self.token))
        else:
            headers = {}
        prefix = (self.instance, self.app) if app else (self.instance,)
        fn = getattr(self.client, snake(action) + "_with_options")
        response = fn(*prefix, *path, request, headers, RuntimeOptions())
        self.check(response.status_code == 200, f"{action}: status {response.status_code}")
        self.succeeded.add(action)
        body = getattr(response, "body", None)
        return body if body is not None else response

    def fails(self, status, code, action, *path, **kwargs):
        """Calls `action` and asserts the SDK raised the documented error."""
        try:
            self.call(action, *path, **kwargs)
        except (ClientException, ServerException) as e:
            self.check(e.status_code == status, f"{action}: status {e.status_code}, expected {status}")
            self.check(e.code == code, f"{action}: code {e.code!r}, expected {code!r}")
            self.check(REQUEST_ID.match(e.request_id or ""), f"{action}: request id {e.request_id!r}")
            self.check(e.request_id in e.message, f"{action}: the message names the request id")
            self.check("None" not in e.message, f"{action}: message {e.message!r} lacks the text")
            field = code.split(".", 1)[-1]
            if code.startswith("MissingParameter."):
                self.check(f"The specified parameter:{field} is required!" in e.message, f"{action}: {e.message!r}")
            if code.startswith("InvalidParameter."):
                self.check(f"The specified parameter:{field} is invalid." in e.message, f"{action}: {e.message!r}")
            if code == "OrganizationUnitIdNotInScopes":
                self.check("not in provisioning scope!" in e.message, f"{action}: {e.message!r}")
            self.check(e.data.get("error") == code, f"{action}: the OAuth-style field carries the code too")
            expected_class = ClientException if status < 500 else ServerException
            self.check(isinstance(e, expected_class), f"{action}: raised {type(e).__name__}")
            return e
        raise Failure(f"{action}: succeeded, expected {status} {code}")

    def admin(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(
            f"http://{self.args.endpoint}{path}", data=data, method=method,
            headers={"content-type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read() or b"{}")

    def token_request(self, secret=None, **extra):
        return m.GenerateTokenRequest(
            grant_type="client_credentials", client_id=self.args.client_id,
            client_secret=secret or self.args.client_secret, **extra,
        )

    # -- scenarios -----------------------------------------------------------------------------

    def oauth(self):
        response = self.client.generate_token(self.instance, self.app, self.token_request())
        body = response.body
        self.check(response.status_code == 200, "GenerateToken status")
        self.check(body.token_type == "Bearer", f"token_type {body.token_type!r}")
        self.check(body.access_token.startswith("AT"), "access token shape")
        self.check(isinstance(body.expires_in, int) and body.expires_in > 0, "expires_in")
        self.check(abs(body.expires_at - (time.time() + body.expires_in)) < 5, "expires_at in epoch seconds")
        self.check(body.refresh_token is None, "no refresh token for client credentials")
        self.token = body.access_token
        self.succeeded.add("GenerateToken")

        e = None
        try:
            self.client.generate_token(self.instance, self.app, self.token_request(secret="wrong"))
        except ClientException as ex:
            e = ex
        self.check(e is not None and e.status_code == 400 and e.code == "invalid_client", "bad secret refused")
        try:
            self.client.generate_token("idaas_nope", self.app, self.token_request())
            raise Failure("unknown instance accepted")
        except ClientException as ex:
            self.check((ex.status_code, ex.code) == (404, "instance_not_found"), "unknown instance")

        self.fails(400, "invalid_token", "GetApplicationProvisioningScope", bearer="ATnotatoken")
        scope = self.call("GetApplicationProvisioningScope")
        self.check(len(scope.organizational_unit_ids) == 1, "default scope is the root")
        self.root = scope.organizational_unit_ids[0]
        self.check(scope.group_ids == [], "no group ids by default")

        # A second token, revoked through the SDK, no longer works.
        other = self.client.generate_token(self.instance, self.app, self.token_request()).body.access_token
        self.call("RevokeToken", token_type_hint="access_token", token=other,
                  client_id=self.args.client_id, client_secret=self.args.client_secret)
        self.fails(400, "invalid_token", "GetApplicationProvisioningScope", bearer=other)

        device = self.call("GenerateDeviceCode", scope="openid profile")
        self.check(device.device_code and re.match(r"^[A-Z]{4}-[A-Z]{4}$", device.user_code), "device codes")
        self.check(device.interval == 5 and device.expires_in > 0, "device timing")
        self.device_code = device.device_code
        self.user_code = device.user_code

        by_server = self.call("GenerateTokenByAuthorizationServer", "iauths_system", app=False,
                              grant_type="client_credentials", client_id=self.args.client_id,
                              client_secret=self.args.client_secret,
                              scope="urn:cloud:idaas:pam|.all")
        self.check(by_server.scope == "urn:cloud:idaas:pam|.all", "scope echoed")
        self.pam_token = by_server.access_token

    def organizational_units(self):
        ou = self.call("CreateOrganizationalUnit", organizational_unit_name="Engineering",
                       parent_id=self.root, organizational_unit_external_id="ext-eng",
                       description="Builds things").organizational_unit_id
        self.check(ou.startswith("ou_"), "OU id shape")
        got = self.call("GetOrganizationalUnit", ou)
        self.check((got.organizational_unit_name, got.parent_id, got.organizational_unit_external_id)
                   == ("Engineering", self.root, "ext-eng"), "GetOrganizationalUnit fields")
        self.check(got.organizational_unit_source_type == "build_in"
                   and got.organizational_unit_source_id == self.instance, "OU source")
        self.check(got.create_time > 1e12, "timestamps in milliseconds")
        child = self.call("CreateOrganizationalUnit", organizational_unit_name="Backend",
                          parent_id=ou).organizational_unit_id
        sibling = self.call("CreateOrganizationalUnit", organizational_unit_name="Sales",
                            parent_id=self.root).organizational_unit_id
        page = self.call("ListOrganizationalUnits", parent_id=self.root, page_number=1, page_size=1)
        self.check(page.total_count == 2 and len(page.data) == 1, "OU page of one")
        self.check(page.data[0].organizational_unit_id == ou, "creation order")
        self.call("PatchOrganizationalUnit", ou, organizational_unit_name="R&D", description="renamed")
        self.check(self.call("GetOrganizationalUnit", ou).organizational_unit_name == "R&D", "renamed")
        self.check(self.call("ListOrganizationalUnitParentIds", child).parent_ids == [self.root, ou],
                   "parent ids from the top")
        found = self.call("GetOrganizationalUnitIdByExternalId", organizational_unit_external_id="ext-eng",
                          organizational_unit_source_type="build_in",
                          organizational_unit_source_id=self.instance)
        self.check(found.organizational_unit_id == ou, "OU by external id")
        self.call("PatchOrganizationalUnitParentId", child, parent_id=sibling)
        self.check(self.call("GetOrganizationalUnit", child).parent_id == sibling, "moved")

        self.fails(400, "MissingParameter.OrganizationalUnitName", "CreateOrganizationalUnit", parent_id=self.root)
        self.fails(400, "InvalidParameter.OrganizationalUnitName", "CreateOrganizationalUnit",
                   organizational_unit_name="x" * 65, parent_id=self.root)
        self.fails(400, "ResourceDuplicated.OrganizationalUnitName", "CreateOrganizationalUnit",
                   organizational_unit_name="Sales", parent_id=self.root)
        self.fails(400, "OrganizationUnitIdNotInScopes", "GetOrganizationalUnit", "ou_doesnotexist")
        self.fails(400, "OperationDenied.OrganizationalUnitCycle", "PatchOrganizationalUnitParentId",
                   sibling, parent_id=child)
        self.fails(400, "OperationDenied.OrganizationalUnitNotEmpty", "DeleteOrganizationalUnit", sibling)
        self.fails(400, "InvalidParameter.PageSize", "ListOrganizationalUnits", parent_id=self.root, page_size=101)
        self.fails(400, "ResourceNotFound.OrganizationalUnitId", "GetOrganizationalUnitIdByExternalId",
                   organizational_unit_external_id="nope", organizational_unit_source_type="build_in",
                   organizational_unit_source_id=self.instance)
        self.call("DeleteOrganizationalUnit", child)
        self.fails(400, "OrganizationUnitIdNotInScopes", "GetOrganizationalUnit", child)
        self.ou, self.sales = ou, sibling

    def users(self):
        # Extended fields exist only once defined, as in the console.
        self.admin("PUT", "/_emulator/custom_fields", [{"fieldName": "level"}, {"fieldName": "employee_number"}])
        alice = self.call("CreateUser", username="alice", display_name="Alice", email="alice@example.com",
                          email_verified=True, phone_region="86", phone_number="13800138000",
                          phone_number_verified=True, primary_organizational_unit_id=self.ou,
                          user_external_id="e1001", description="first", password="Secret123",
                          custom_fields=[m.CreateUserRequestCustomFields(field_name="level", field_value="3")]
                          ).user_id
        self.check(alice.startswith("user_"), "user id shape")
        u = self.call("GetUser", alice)
        self.check((u.username, u.display_name, u.email, u.email_verified, u.status)
                   == ("alice", "Alice", "alice@example.com", True, "enabled"), "GetUser fields")
        self.check((u.phone_region, u.phone_number, u.phone_number_verified) == ("86", "13800138000", True), "phone")
        self.check(u.primary_organizational_unit_id == self.ou and u.password_set is True, "primary OU, password")
        self.check([(o.organizational_unit_id, o.primary) for o in u.organizational_units] == [(self.ou, True)],
                   "organizationalUnits")
        self.check(u.user_source_type == "build_in" and u.user_source_id == self.instance, "user source")
        self.check([(f.field_name, f.field_value) for f in u.custom_fields] == [("level", "3")], "custom fields")
        bob = self.call("CreateUser", username="bob", primary_organizational_unit_id=self.root).user_id
        self.check(self.call("GetUser", bob).user_external_id == bob, "external id defaults to the id")

        listed = self.call("ListUsers", page_number=1, page_size=100)
        self.check(listed.total_count == 2 and [x.user_id for x in listed.data] == [alice, bob], "ListUsers")
        self.check(listed.data[0].email == "alice@example.com", "list items carry fields")
        in_ou = self.call("ListUsers", organizational_unit_id=self.ou)
        self.check([x.user_id for x in in_ou.data] == [alice], "ListUsers by OU (direct members)")

        for action, field, value in [
            ("GetUserIdByUsername", "username", "ALICE"),
            ("GetUserIdByEmail", "email", "alice@example.com"),
            ("GetUserIdByPhoneNumber", "phone_number", "13800138000"),
        ]:
            self.check(self.call(action, **{field: value}).user_id == alice, f"{action}")
        ext = self.call("GetUserIdByUserExternalId", user_external_id="e1001", user_source_type="build_in",
                        user_source_id=self.instance)
        self.check(ext.user_id == alice, "by external id")

        self.call("PatchUser", alice, display_name="Alice L", email="al@example.com", email_verified=False,
                  custom_fields=[m.PatchUserRequestCustomFields(field_name="level", field_value="4",
                                                                operation="replace")])
        u = self.call("GetUser", alice)
        self.check((u.display_name, u.email, u.email_verified) == ("Alice L", "al@example.com", False), "patched")
        self.check(u.custom_fields[0].field_value == "4", "custom field replaced")
        self.call("DisableUser", alice)
        self.call("DisableUser", alice)
        self.check(self.call("GetUser", alice).status == "disabled", "disabled (idempotent)")
        self.call("EnableUser", alice)
        self.check(self.call("GetUser", alice).status == "enabled", "enabled")
        self.call("UpdateUserPassword", alice, password="NewSecret456")

        self.fails(400, "MissingParameter.Username", "CreateUser", primary_organizational_unit_id=self.root)
        self.fails(400, "MissingParameter.PrimaryOrganizationalUnitId", "CreateUser", username="carol")
        self.fails(400, "InvalidParameter.Username", "CreateUser", username="carol smith",
                   primary_organizational_unit_id=self.root)
        self.fails(400, "InvalidParameter.Email", "CreateUser", username="carol", email="not-an-email",
                   email_verified=True, primary_organizational_unit_id=self.root)
        self.fails(400, "MissingParameter.EmailVerified", "CreateUser", username="carol",
                   email="carol@example.com", primary_organizational_unit_id=self.root)
        self.fails(400, "MissingParameter.PhoneRegion", "CreateUser", username="carol",
                   phone_number="13900139000", phone_number_verified=True, primary_organizational_unit_id=self.root)
        self.fails(400, "InvalidParameter.PhoneNumber", "CreateUser", username="carol", phone_number="12ab",
                   phone_region="86", phone_number_verified=True, primary_organizational_unit_id=self.root)
        self.fails(400, "InvalidParameter.DisplayName", "CreateUser", username="carol", display_name="d" * 65,
                   primary_organizational_unit_id=self.root)
        self.fails(400, "InvalidParameter.Password", "UpdateUserPassword", alice, password="short")
        self.fails(403, "ResourceDuplicated.Username", "CreateUser", username="Alice",
                   primary_organizational_unit_id=self.root)
        self.fails(403, "ResourceDuplicated.Email", "PatchUser", bob, email="AL@example.com", email_verified=True)
        self.fails(400, "OrganizationUnitIdNotInScopes", "CreateUser", username="carol",
                   primary_organizational_unit_id="ou_doesnotexist")
        self.fails(404, "ResourceNotFound.User", "GetUser", "user_doesnotexist")
        self.fails(400, "ResourceNotFound.UserId", "GetUserIdByEmail", email="nobody@example.com")
        self.fails(400, "InvalidParameter.PageNumber", "ListUsers", page_number=0)
        self.alice, self.bob = alice, bob

    def extended_fields(self):
        """customFields and passwordInitializationConfig round-trips through the SDK's models."""
        defined = self.admin("GET", "/_emulator/custom_fields")
        self.check([d["fieldName"] for d in defined] == ["level", "employee_number"], "definitions readable")
        init = m.CreateUserRequestPasswordInitializationConfig(
            password_initialization_type="random", password_initialization_policy_priority="custom",
            user_notification_channels=["email", "sms"], password_forced_update_status="enabled")
        dora = self.call("CreateUser", username="dora", email="dora@example.com", email_verified=True,
                         primary_organizational_unit_id=self.root, password_initialization_config=init,
                         custom_fields=[m.CreateUserRequestCustomFields(field_name="employee_number",
                                                                        field_value="E-42")]).user_id
        u = self.call("GetUser", dora)
        self.check([(f.field_name, f.field_value) for f in u.custom_fields] == [("employee_number", "E-42")],
                   "custom field created")
        self.check(u.password_set is True, "a random initial password counts as set")
        state = self.admin("GET", "/_emulator/state")
        rec = next(x for x in state["users"] if x["userId"] == dora)
        self.check(rec.get("passwordInitializationConfig") == {
            "passwordInitializationType": "random", "passwordInitializationPolicyPriority": "custom",
            "userNotificationChannels": ["email", "sms"], "passwordForcedUpdateStatus": "enabled"},
            "the initialization is recorded")
        self.check(not {"password", "initialPassword"} & set(rec), "no password in the admin state")
        self.call("PatchUser", dora, custom_fields=[
            m.PatchUserRequestCustomFields(field_name="level", field_value="7", operation="add"),
            m.PatchUserRequestCustomFields(field_name="employee_number", field_value="E-43", operation="replace")])
        u = self.call("GetUser", dora)
        self.check(sorted((f.field_name, f.field_value) for f in u.custom_fields)
                   == [("employee_number", "E-43"), ("level", "7")], "custom fields added and replaced")
        self.call("PatchUser", dora, custom_fields=[
            m.PatchUserRequestCustomFields(field_name="level", operation="remove")])
        u = self.call("GetUser", dora)
        self.check([(f.field_name, f.field_value) for f in u.custom_fields] == [("employee_number", "E-43")],
                   "custom field removed")
        e = self.fails(400, "InvalidParameter.CustomFields.FieldName", "CreateUser", username="erin",
                       primary_organizational_unit_id=self.root,
                       custom_fields=[m.CreateUserRequestCustomFields(field_name="shoe_size", field_value="9")])
        self.check("shoe_size" in e.message, "the undefined field is named")
        self.fails(400, "InvalidParameter.CustomFields.FieldName", "PatchUser", dora, custom_fields=[
            m.PatchUserRequestCustomFields(field_name="shoe_size", field_value="9", operation="add")])
        for field, value in [("password_initialization_type", "fixed"),
                             ("password_initialization_policy_priority", "local"),
                             ("password_forced_update_status", "always"),
                             ("user_notification_channels", ["pigeon"])]:
            bad = m.CreateUserRequestPasswordInitializationConfig(**{field: value})
            camel = re.sub(r"_([a-z])", lambda g: g.group(1).upper(), field)
            self.fails(400, f"InvalidParameter.PasswordInitializationConfig.{camel[0].upper()}{camel[1:]}",
                       "CreateUser", username="erin", primary_organizational_unit_id=self.root,
                       password_initialization_config=bad)
        self.call("DeleteUser", dora)

    def memberships(self):
        alice, bob = self.alice, self.bob
        self.call("AddUserToOrganizationalUnits", alice, organizational_unit_ids=[self.sales, self.ou])
        ous = {(o.organizational_unit_id, o.primary) for o in self.call("GetUser", alice).organizational_units}
        self.check(ous == {(self.ou, True), (self.sales, False)}, "secondary OU added, primary untouched")
        self.fails(400, "OperationDenied.PrimaryOrganizationalUnit", "RemoveUserFromOrganizationalUnits",
                   alice, organizational_unit_ids=[self.ou])
        self.call("SetUserPrimaryOrganizationalUnit", alice, organizational_unit_id=self.sales)
        u = self.call("GetUser", alice)
        self.check(u.primary_organizational_unit_id == self.sales and len(u.organizational_units) == 1,
                   "the old primary OU is left")
        self.call("AddUserToOrganizationalUnits", bob, organizational_unit_ids=[self.sales])
        self.call("RemoveUserFromOrganizationalUnits", bob, organizational_unit_ids=[self.sales])
        self.call("RemoveUserFromOrganizationalUnits", bob, organizational_unit_ids=[self.sales])
        self.check(len(self.call("GetUser", bob).organizational_units) == 1, "removed (idempotent)")

        group = self.call("CreateGroup", group_name="Admins", group_external_id="g-admins").group_id
        self.check(group.startswith("group_"), "group id shape")
        g = self.call("GetGroup", group)
        self.check((g.group_name, g.group_external_id, g.group_source_type) == ("Admins", "g-admins", "build_in"),
                   "GetGroup fields")
        self.call("PatchGroup", group, group_name="Administrators")
        others = [self.call("CreateGroup", group_name=f"Team {i}").group_id for i in range(3)]
        first = self.call("ListGroups", max_results=2)
        self.check(first.total_count == 4 and len(first.data) == 2 and first.next_token, "ListGroups page 1")
        second = self.call("ListGroups", max_results=2, next_token=first.next_token)
        self.check([x.group_id for x in first.data + second.data] == [group] + others, "pages in order")
        self.check(not second.next_token, "no nextToken on the last page")
        self.check(self.call("ListGroups", group_name_start_with="Team").total_count == 3, "name prefix")
        self.call("AddUsersToGroup", group, user_ids=[alice, bob])
        self.call("AddUsersToGroup", group, user_ids=[alice])
        members = self.call("ListUsersForGroup", group, max_results=100)
        self.check([x.user_id for x in members.data] == [alice, bob] and members.total_count == 2, "members")
        mine = self.call("ListGroupsForUser", alice)
        self.check([x.group_id for x in mine.data] == [group], "groups of a user")
        self.check(mine.data[0].group_member_relation_source_type == "build_in", "relation source")
        self.check([x.group_name for x in self.call("GetUser", alice).groups] == ["Administrators"], "GetUser groups")
        self.fails(400, "OperationDenied.GroupNotEmpty", "DeleteGroup", group)
        self.fails(400, "ResourceDuplicated.GroupName", "CreateGroup", group_name="Team 0")
        self.fails(400, "MissingParameter.GroupName", "CreateGroup")
        self.fails(404, "ResourceNotFound.Group", "GetGroup", "group_doesnotexist")
        self.fails(400, "InvalidParameter.NextToken", "ListGroups", next_token="garbage")
        self.call("RemoveUsersFromGroup", group, user_ids=[bob])
        self.call("DeleteUser", alice)
        self.check(self.call("ListUsersForGroup", group).total_count == 0, "a deleted user leaves its groups")
        self.call("DeleteGroup", group)
        self.fails(404, "ResourceNotFound.User", "DeleteUser", alice)

    def scope(self):
        # Narrow the scope to the Sales subtree (admin extension), then probe outside it.
        self.admin("PUT", "/_emulator/scope", {"organizationalUnitIds": [self.sales], "groupIds": []})
        try:
            scope = self.call("GetApplicationProvisioningScope")
            self.check(scope.organizational_unit_ids == [self.sales], "narrowed scope")
            self.fails(400, "OrganizationUnitIdNotInScopes", "CreateOrganizationalUnit",
                       organizational_unit_name="Outside", parent_id=self.root)
            self.fails(400, "OrganizationUnitIdNotInScopes", "ListUsers", organizational_unit_id=self.ou)
            self.fails(404, "ResourceNotFound.User", "GetUser", self.bob)
            self.check(self.call("ListOrganizationalUnitParentIds", self.sales).parent_ids == [],
                       "ancestors outside the scope are left out")
        finally:
            self.admin("PUT", "/_emulator/scope", {"organizationalUnitIds": [self.root], "groupIds": []})

    def user_flows(self):
        carol = self.call("CreateUser", username="carol", primary_organizational_unit_id=self.root,
                          email="carol@example.com", email_verified=True, password="Carol1234").user_id
        self.admin("POST", "/_emulator/device/approve", {"userCode": self.user_code, "userId": carol})
        user_token = self.client.generate_token(self.instance, self.app, m.GenerateTokenRequest(
            grant_type="urn:ietf:params:oauth:grant-type:device_code", device_code=self.device_code,
            client_id=self.args.client_id, client_secret=self.args.client_secret)).body
        self.check(user_token.refresh_token and user_token.id_token, "device grant: refresh and id tokens")
        info = self.call("GetUserInfo", bearer=user_token.access_token)
        self.check(info["sub"] == carol and info["email"] == "carol@example.com", "userinfo claims")
        self.fails(400, "invalid_token", "GetUserInfo")

    def pam(self):
        t = self.pam_token
        jwt = self.call("GenerateJwtAuthenticationToken", app=False, bearer=t, credential_provider_identifier="prov",
                        subject="svc", audiences=["api"], expiration=600, include_derived_short_token=True)
        self.check(jwt.authentication_token_type == "jwt" and jwt.jwt_content.jwt_value.count(".") == 2, "JWT")
        short = jwt.jwt_content.derived_short_token
        got = self.call("ObtainJwtAuthenticationToken", app=False, bearer=t,
                        authentication_token_id=jwt.authentication_token_id, consumer_id=jwt.consumer_id)
        self.check(got.jwt_content.jwt_value == jwt.jwt_content.jwt_value, "obtain by id")
        by_short = self.call("ObtainJwtAuthenticationTokenByDerivedShortToken", app=False, derived_short_token=short)
        self.check(by_short.authentication_token_id == jwt.authentication_token_id, "obtain by short token")
        self.check(self.call("ValidateAuthenticationToken", app=False, token=short).active is True, "active")
        self.call("RevokeAuthenticationToken", app=False, bearer=t, token=short)
        self.check(self.call("ValidateAuthenticationToken", app=False, token=short).active is False, "revoked")
        self.call("ReinstateAuthenticationToken", app=False, bearer=t, token=short)
        listed = self.call("ListAuthenticationTokens", app=False, bearer=t, consumer_id=jwt.consumer_id,
                           credential_provider_identifier="prov", revoked=False, max_results=10)
        self.check(listed.total_count == 1 and listed.entities[0].revoked is False, "list (revoked=False)")
        self.call("RevokeAuthenticationTokenByConsumer", app=False, bearer=t, consumer_id=jwt.consumer_id,
                  credential_provider_identifier="prov")
        self.call("ReinstateAuthenticationTokenByConsumer", app=False, bearer=t, consumer_id=jwt.consumer_id,
                  credential_provider_identifier="prov")
        fetched = self.call("FetchOAuthAuthenticationToken", app=False, bearer=t, credential_provider_identifier="gh",
                            scope="repo")
        self.check(fetched.oauth_access_token_content.access_token_value, "OAuth token fetched")
        pending = self.call("FetchOAuthAuthenticationToken", app=False, bearer=t, credential_provider_identifier="gh",
                            force_authentication=True)
        session = pending.oauth_authorization_session
        self.check(session.session_status == "pending", "authorization session pending")
        polled = self.call("GetOAuthAuthorizationSession", app=False, bearer=t, session_uri=session.session_uri)
        self.check(polled.session_status == "authorized" and polled.authentication_token_id, "session completes")
        content = m.CreateUserExclusiveCredentialRequestCredentialContent(
            api_key_content=m.CreateUserExclusiveCredentialRequestCredentialContentApiKeyContent(api_key="k-123"))
        created = self.call("CreateUserExclusiveCredential", app=False, bearer=t, credential_identifier="openai",
                            credential_name="OpenAI", credential_type="api_key", credential_content=content,
                            return_ciphertext=True)
        self.check(created.credential_id.startswith("cred_") and created.credential_ciphertext, "credential")
        obtained = self.call("ObtainCredential", app=False, bearer=t, credential_identifier="openai")
        self.check(obtained.credential_content.api_key_content.api_key == "k-123", "credential content")
        role = self.call("ObtainCloudAccountRoleAccessCredential", app=False, bearer=t,
                         cloud_account_role_external_id="acs:ram::123456:role/deployer", duration_seconds=900)
        sts = role.cloud_account_role_access_credential.alibaba_cloud_sts_token
        self.check(role.cloud_account_id == "123456" and sts.access_key_id.startswith("STS."), "role credential")
        self.fails(400, "InvalidParameter.DurationSeconds", "ObtainCloudAccountRoleAccessCredential", app=False,
                   bearer=t, cloud_account_role_external_id="acs:ram::1:role/x", duration_seconds=60)
        self.fails(404, "ResourceNotFound.Credential", "ObtainCredential", app=False, bearer=t,
                   credential_identifier="nope")

    def run(self):
        steps = [self.oauth, self.organizational_units, self.users, self.extended_fields, self.memberships, self.scope,
                 self.user_flows, self.pam]
        for step in steps:
            step()
        missing = ALL_ACTIONS - self.succeeded
        self.check(not missing, f"operations never called successfully: {sorted(missing)}")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--endpoint", required=True, help="HOST:PORT of the emulator")
    p.add_argument("--instance", default="idaas_emulator")
    p.add_argument("--application", default="app_emulator")
    p.add_argument("--client-id", default="app_emulator")
    p.add_argument("--client-secret", default="emulator-secret")
    c = Conformance(p.parse_args())
    try:
        c.run()
    except Exception:
        traceback.print_exc()
        print(f"FAILED after {c.checks} checks", file=sys.stderr)
        return 1
    print(f"ok: {c.checks} checks, {len(c.succeeded)} operations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
