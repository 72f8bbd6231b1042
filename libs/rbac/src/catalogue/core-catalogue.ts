import type { RbacCatalogue } from './catalogue';

/**
 * Core's part of the catalogue: for every core viewset the API serves, Pulp 3.102's default access
 * policy and locked roles (a viewset without a policy is admin only), and the permissions of every
 * core model a role or a policy names. Facts read off pulpcore 3.102.0; the policy of a viewset
 * Pulp serves through a non-model view (`login`) is listed as Pulp's post-migrate step stores it.
 */
export const CORE_CATALOGUE: RbacCatalogue = {
  label: 'core',
  permissions: [
    // Models no locked role or default policy names: Django gives every model its four permissions,
    // and a role of an admin's own may name them (`core.view_repository`, `auth.view_user`).
    ...(
      [
        ['auth.user', 'user'],
        ['auth.permission', 'permission'],
        ['core.accesspolicy', 'access policy'],
        ['core.artifact', 'artifact'],
        ['core.contentartifact', 'content artifact'],
        ['core.contentguard', 'content guard'],
        ['core.distribution', 'distribution'],
        ['core.grouprole', 'group role'],
        ['core.publication', 'publication'],
        ['core.remote', 'remote'],
        ['core.repository', 'repository'],
        ['core.repositorycontent', 'repository content'],
        ['core.repositoryversion', 'repository version'],
        ['core.role', 'role'],
        ['core.signingservice', 'signing service'],
        ['core.taskgroup', 'task group'],
        ['core.userrole', 'user role'],
        ['core.appstatus', 'app status'],
      ] as const
    ).map(([model, verboseName]) => ({ model, verboseName })),
    {
      model: 'core.domain',
      verboseName: 'domain',
      custom: [['manage_roles_domain', 'Can manage role assignments on domain']],
    },
    {
      model: 'core.artifactdistribution',
      verboseName: 'artifact distribution',
      custom: [['manage_roles_artifactdistribution', 'Can manage roles on artifact distributions']],
    },
    {
      model: 'core.openpgpdistribution',
      verboseName: 'open pgp distribution',
      custom: [['manage_roles_openpgpdistribution', 'Can manage roles on gem distributions']],
    },
    {
      model: 'core.compositecontentguard',
      verboseName: 'composite content guard',
      custom: [['manage_roles_compositecontentguard', 'Can manage role assignments on Composite content guard']],
    },
    {
      model: 'core.content',
      verboseName: 'content',
      custom: [['manage_content_labels', 'Can manage content-labels']],
    },
    {
      model: 'core.group',
      verboseName: 'group',
      custom: [['manage_roles_group', 'Can manage role assignments on group']],
    },
    {
      model: 'core.headercontentguard',
      verboseName: 'header content guard',
      custom: [['manage_roles_headercontentguard', 'Can manage role assignments on header content guard']],
    },
    {
      model: 'core.openpgpkeyring',
      verboseName: 'open pgp keyring',
      custom: [
        ['modify_openpgpkeyring', 'Can modify content of the keyring'],
        ['manage_roles_openpgpkeyring', 'Can manage roles on keyrings'],
        ['repair_openpgpkeyring', 'Can repair repository versions'],
      ],
    },
    {
      model: 'core.rbaccontentguard',
      verboseName: 'rbac content guard',
      custom: [
        ['download_rbaccontentguard', 'Can Download Content'],
        ['manage_roles_rbaccontentguard', 'Can manage role assignments on RBAC content guard'],
      ],
    },
    {
      model: 'core.task',
      verboseName: 'task',
      custom: [
        ['manage_roles_task', 'Can manage role assignments on task'],
        ['view_task_profile_artifacts', 'Can view profile data for task'],
      ],
    },
    {
      model: 'core.taskschedule',
      verboseName: 'task schedule',
      custom: [['manage_roles_taskschedule', 'Can manage role assignments on task schedules']],
    },
    {
      model: 'core.upload',
      verboseName: 'upload',
      custom: [['manage_roles_upload', 'Can manage role assignments on upload']],
    },
  ],
  viewsets: [
    {
      viewset: 'artifacts',
      model: 'core.artifact',
      policy: {
        statements: [
          {
            action: ['create', 'list', 'retrieve'],
            principal: 'admin',
            effect: 'allow',
          },
        ],
      },
    },
    {
      viewset: 'content',
      model: 'core.content',
      policy: {
        statements: [
          {
            action: ['list'],
            principal: 'authenticated',
            effect: 'allow',
          },
        ],
        queryset_scoping: {
          function: 'scope_queryset',
        },
      },
      lockedRoles: {
        'core.content_labeler': {
          permissions: ['core.manage_content_labels'],
        },
      },
    },
    {
      viewset: 'contentguards',
      model: 'core.contentguard',
      policy: {
        statements: [
          {
            action: ['list'],
            principal: 'authenticated',
            effect: 'allow',
          },
        ],
        queryset_scoping: {
          function: 'scope_queryset',
        },
      },
    },
    {
      viewset: 'contentguards/core/composite',
      model: 'core.compositecontentguard',
      policy: {
        statements: [
          {
            action: ['list'],
            principal: 'authenticated',
            effect: 'allow',
          },
          {
            action: ['create'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_perms:core.add_compositecontentguard',
          },
          {
            action: ['retrieve', 'my_permissions'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:core.view_compositecontentguard',
          },
          {
            action: ['update', 'partial_update'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:core.change_compositecontentguard',
          },
          {
            action: ['destroy'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:core.delete_compositecontentguard',
          },
          {
            action: ['list_roles', 'add_role', 'remove_role'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:core.manage_roles_compositecontentguard',
          },
        ],
        creation_hooks: [
          {
            function: 'add_roles_for_object_creator',
            parameters: {
              roles: ['core.compositecontentguard_owner'],
            },
          },
        ],
        queryset_scoping: {
          function: 'scope_queryset',
        },
      },
      lockedRoles: {
        'core.compositecontentguard_creator': {
          permissions: ['core.add_compositecontentguard'],
        },
        'core.compositecontentguard_owner': {
          permissions: [
            'core.view_compositecontentguard',
            'core.change_compositecontentguard',
            'core.delete_compositecontentguard',
            'core.manage_roles_compositecontentguard',
          ],
        },
        'core.compositecontentguard_viewer': {
          permissions: ['core.view_compositecontentguard'],
        },
      },
    },
    {
      viewset: 'contentguards/core/header',
      model: 'core.headercontentguard',
      policy: {
        statements: [
          {
            action: ['list'],
            principal: 'authenticated',
            effect: 'allow',
          },
          {
            action: ['create'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_perms:core.add_headercontentguard',
          },
          {
            action: ['retrieve', 'my_permissions'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:core.view_headercontentguard',
          },
          {
            action: ['update', 'partial_update'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:core.change_headercontentguard',
          },
          {
            action: ['destroy'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:core.delete_headercontentguard',
          },
          {
            action: ['list_roles', 'add_role', 'remove_role'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:core.manage_roles_headercontentguard',
          },
        ],
        creation_hooks: [
          {
            function: 'add_roles_for_object_creator',
            parameters: {
              roles: ['core.headercontentguard_owner'],
            },
          },
        ],
        queryset_scoping: {
          function: 'scope_queryset',
        },
      },
      lockedRoles: {
        'core.headercontentguard_creator': {
          permissions: ['core.add_headercontentguard'],
        },
        'core.headercontentguard_owner': {
          permissions: [
            'core.view_headercontentguard',
            'core.change_headercontentguard',
            'core.delete_headercontentguard',
            'core.manage_roles_headercontentguard',
          ],
        },
        'core.headercontentguard_viewer': {
          permissions: ['core.view_headercontentguard'],
        },
      },
    },
    {
      viewset: 'contentguards/core/rbac',
      model: 'core.rbaccontentguard',
      policy: {
        statements: [
          {
            action: ['list'],
            principal: 'authenticated',
            effect: 'allow',
          },
          {
            action: ['create'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_perms:core.add_rbaccontentguard',
          },
          {
            action: ['retrieve', 'my_permissions'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:core.view_rbaccontentguard',
          },
          {
            action: ['update', 'partial_update'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:core.change_rbaccontentguard',
          },
          {
            action: ['destroy'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:core.delete_rbaccontentguard',
          },
          {
            action: ['download'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:core.download_rbaccontentguard',
          },
          {
            action: ['list_roles', 'add_role', 'remove_role'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:core.manage_roles_rbaccontentguard',
          },
        ],
        creation_hooks: [
          {
            function: 'add_roles_for_object_creator',
            parameters: {
              roles: ['core.rbaccontentguard_owner', 'core.rbaccontentguard_downloader'],
            },
          },
        ],
        queryset_scoping: {
          function: 'scope_queryset',
        },
      },
      lockedRoles: {
        'core.rbaccontentguard_creator': {
          permissions: ['core.add_rbaccontentguard'],
        },
        'core.rbaccontentguard_owner': {
          permissions: [
            'core.view_rbaccontentguard',
            'core.change_rbaccontentguard',
            'core.delete_rbaccontentguard',
            'core.manage_roles_rbaccontentguard',
          ],
        },
        'core.rbaccontentguard_viewer': {
          permissions: ['core.view_rbaccontentguard'],
        },
        'core.rbaccontentguard_downloader': {
          permissions: ['core.download_rbaccontentguard'],
        },
      },
    },
    {
      viewset: 'distributions',
      model: 'core.distribution',
      policy: {
        statements: [
          {
            action: ['list'],
            principal: 'authenticated',
            effect: 'allow',
          },
        ],
        queryset_scoping: {
          function: 'scope_queryset',
        },
      },
    },
    {
      viewset: 'domains',
      model: 'core.domain',
      policy: {
        statements: [
          {
            action: ['list'],
            principal: 'authenticated',
            effect: 'allow',
          },
          {
            action: ['create'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_perms:core.add_domain',
          },
          {
            action: ['retrieve', 'my_permissions'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_obj_perms:core.view_domain',
          },
          {
            action: ['update', 'partial_update', 'migrate', 'set_label', 'unset_label'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_obj_perms:core.change_domain',
          },
          {
            action: ['destroy'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_obj_perms:core.delete_domain',
          },
          {
            action: ['list_roles', 'add_role', 'remove_role'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_obj_perms:core.manage_roles_domain',
          },
        ],
        creation_hooks: [
          {
            function: 'add_roles_for_object_creator',
            parameters: {
              roles: ['core.domain_owner'],
            },
          },
        ],
        queryset_scoping: {
          function: 'scope_queryset',
        },
      },
      lockedRoles: {
        'core.domain_creator': {
          permissions: ['core.add_domain'],
        },
        'core.domain_owner': {
          permissions: ['core.view_domain', 'core.change_domain', 'core.delete_domain', 'core.manage_roles_domain'],
        },
        'core.domain_viewer': {
          permissions: ['core.view_domain'],
        },
      },
    },
    {
      viewset: 'groups',
      model: 'core.group',
      policy: {
        statements: [
          {
            action: ['list'],
            principal: 'authenticated',
            effect: 'allow',
          },
          {
            action: ['create'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_perms:core.add_group',
          },
          {
            action: ['retrieve', 'my_permissions'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_obj_perms:core.view_group',
          },
          {
            action: ['update', 'partial_update'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_obj_perms:core.change_group',
          },
          {
            action: ['destroy'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_obj_perms:core.delete_group',
          },
          {
            action: ['list_roles', 'add_role', 'remove_role'],
            principal: 'authenticated',
            effect: 'allow',
            condition: ['has_model_or_obj_perms:core.manage_roles_group'],
          },
        ],
        creation_hooks: [
          {
            function: 'add_roles_for_object_creator',
            parameters: {
              roles: 'core.group_owner',
            },
          },
        ],
        queryset_scoping: {
          function: 'scope_queryset',
        },
      },
      lockedRoles: {
        'core.group_creator': {
          permissions: ['core.add_group'],
        },
        'core.group_owner': {
          permissions: ['core.view_group', 'core.change_group', 'core.delete_group', 'core.manage_roles_group'],
        },
        'core.group_viewer': {
          permissions: ['core.view_group'],
        },
      },
    },
    {
      viewset: 'groups/users',
      model: 'core.group',
      policy: {
        statements: [
          {
            action: ['list'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_group_model_or_obj_perms:core.view_group',
          },
          {
            action: ['create'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_group_model_or_obj_perms:core.change_group',
          },
          {
            action: ['destroy'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_group_model_or_obj_perms:core.change_group',
          },
        ],
        creation_hooks: [],
      },
    },
    {
      viewset: 'login',
      policy: {
        statements: [
          {
            action: ['*'],
            principal: 'authenticated',
            effect: 'allow',
          },
        ],
        creation_hooks: [],
      },
    },
    {
      viewset: 'publications',
      model: 'core.publication',
      policy: {
        statements: [
          {
            action: ['list'],
            principal: 'authenticated',
            effect: 'allow',
          },
        ],
        queryset_scoping: {
          function: 'scope_queryset',
        },
      },
    },
    {
      viewset: 'remotes',
      model: 'core.remote',
      policy: {
        statements: [
          {
            action: ['list'],
            principal: 'authenticated',
            effect: 'allow',
          },
        ],
        queryset_scoping: {
          function: 'scope_queryset',
        },
      },
    },
    {
      viewset: 'repositories',
      model: 'core.repository',
      policy: {
        statements: [
          {
            action: ['list'],
            principal: 'authenticated',
            effect: 'allow',
          },
        ],
        queryset_scoping: {
          function: 'scope_queryset',
        },
      },
    },
    {
      viewset: 'repositories/core/openpgp_keyring',
      model: 'core.openpgpkeyring',
      policy: {
        statements: [
          {
            action: ['list', 'my_permissions'],
            principal: 'authenticated',
            effect: 'allow',
          },
          {
            action: ['create'],
            principal: 'authenticated',
            effect: 'allow',
            condition: ['has_model_or_domain_perms:core.add_openpgpkeyring'],
          },
          {
            action: ['retrieve'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:core.view_openpgpkeyring',
          },
          {
            action: ['destroy'],
            principal: 'authenticated',
            effect: 'allow',
            condition: ['has_model_or_domain_or_obj_perms:core.delete_openpgpkeyring'],
          },
          {
            action: ['update', 'partial_update', 'set_label', 'unset_label'],
            principal: 'authenticated',
            effect: 'allow',
            condition: ['has_model_or_domain_or_obj_perms:core.change_openpgpkeyring'],
          },
          {
            action: ['modify'],
            principal: 'authenticated',
            effect: 'allow',
            condition: ['has_model_or_domain_or_obj_perms:core.modify_openpgpkeyring'],
          },
          {
            action: ['list_roles', 'add_role', 'remove_role'],
            principal: 'authenticated',
            effect: 'allow',
            condition: ['has_model_or_domain_or_obj_perms:core.manage_roles_openpgpkeyring'],
          },
        ],
        creation_hooks: [
          {
            function: 'add_roles_for_object_creator',
            parameters: {
              roles: 'core.openpgpkeyring_owner',
            },
          },
        ],
        queryset_scoping: {
          function: 'scope_queryset',
        },
      },
      lockedRoles: {
        'core.openpgpkeyring_creator': {
          permissions: ['core.add_openpgpkeyring'],
        },
        'core.openpgpkeyring_owner': {
          permissions: [
            'core.view_openpgpkeyring',
            'core.change_openpgpkeyring',
            'core.delete_openpgpkeyring',
            'core.modify_openpgpkeyring',
            'core.manage_roles_openpgpkeyring',
            'core.repair_openpgpkeyring',
          ],
        },
        'core.openpgpkeyring_viewer': {
          permissions: ['core.view_openpgpkeyring'],
        },
      },
    },
    {
      viewset: 'repository_versions',
      model: 'core.repositoryversion',
      policy: {
        statements: [
          {
            action: ['list'],
            principal: 'authenticated',
            effect: 'allow',
          },
        ],
        queryset_scoping: {
          function: 'scope_queryset',
        },
      },
    },
    {
      viewset: 'task-groups',
      model: 'core.taskgroup',
      policy: {
        statements: [
          {
            action: ['list', 'retrieve', 'partial_update'],
            principal: 'authenticated',
            effect: 'allow',
          },
        ],
        queryset_scoping: {
          function: 'scope_queryset',
        },
      },
    },
    {
      viewset: 'task-schedules',
      model: 'core.taskschedule',
      policy: {
        statements: [
          {
            action: ['list'],
            principal: 'authenticated',
            effect: 'allow',
          },
          {
            action: ['retrieve', 'my_permissions'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:core.view_taskschedule',
          },
          {
            action: ['list_roles', 'add_role', 'remove_role'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:core.manage_roles_taskschedule',
          },
        ],
        creation_hooks: [
          {
            function: 'add_roles_for_object_creator',
            parameters: {
              roles: 'core.taskschedule_owner',
            },
          },
        ],
        queryset_scoping: {
          function: 'scope_queryset',
        },
      },
      lockedRoles: {
        'core.taskschedule_owner': {
          description: 'Allow all actions on a taskschedule.',
          permissions: ['core.view_taskschedule', 'core.manage_roles_taskschedule'],
        },
        'core.taskschedule_viewer': {
          permissions: ['core.view_taskschedule'],
        },
      },
    },
    {
      viewset: 'tasks',
      model: 'core.task',
      policy: {
        statements: [
          {
            action: ['list'],
            principal: 'authenticated',
            effect: 'allow',
          },
          {
            action: ['retrieve', 'my_permissions'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:core.view_task',
          },
          {
            action: ['profile_artifacts'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:core.view_task_profile_artifacts',
          },
          {
            action: ['destroy'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:core.delete_task',
          },
          {
            action: ['update', 'partial_update'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:core.change_task',
          },
          {
            action: ['purge'],
            principal: 'authenticated',
            effect: 'allow',
          },
          {
            action: ['list_roles', 'add_role', 'remove_role'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:core.manage_roles_task',
          },
        ],
        creation_hooks: [
          {
            function: 'add_roles_for_object_creator',
            parameters: {
              roles: 'core.task_owner',
            },
          },
        ],
        queryset_scoping: {
          function: 'scope_queryset',
        },
      },
      lockedRoles: {
        'core.task_owner': {
          description: 'Allow all actions on a task.',
          permissions: [
            'core.view_task',
            'core.view_task_profile_artifacts',
            'core.change_task',
            'core.delete_task',
            'core.manage_roles_task',
          ],
        },
        'core.task_viewer': {
          permissions: ['core.view_task'],
        },
        'core.task_user_dispatcher': {
          permissions: ['core.add_task'],
        },
      },
    },
    {
      viewset: 'uploads',
      model: 'core.upload',
      policy: {
        statements: [
          {
            action: ['list'],
            principal: 'authenticated',
            effect: 'allow',
          },
          {
            action: ['create'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_perms:core.add_upload',
          },
          {
            action: ['retrieve', 'my_permissions'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:core.view_upload',
          },
          {
            action: ['update', 'partial_update', 'commit'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:core.change_upload',
          },
          {
            action: ['destroy'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:core.delete_upload',
          },
          {
            action: ['list_roles', 'add_role', 'remove_role'],
            principal: 'authenticated',
            effect: 'allow',
            condition: ['has_model_or_domain_or_obj_perms:core.manage_roles_upload'],
          },
        ],
        creation_hooks: [
          {
            function: 'add_roles_for_object_creator',
            parameters: {
              roles: 'core.upload_owner',
            },
          },
        ],
        queryset_scoping: {
          function: 'scope_queryset',
        },
      },
      lockedRoles: {
        'core.upload_creator': {
          permissions: ['core.add_upload'],
        },
        'core.upload_owner': {
          permissions: ['core.view_upload', 'core.change_upload', 'core.delete_upload', 'core.manage_roles_upload'],
        },
        'core.upload_viewer': {
          permissions: ['core.view_upload'],
        },
      },
    },
    {
      viewset: 'access_policies',
      model: 'core.accesspolicy',
    },
    {
      viewset: 'distributions/core/artifacts',
      model: 'core.artifactdistribution',
    },
    {
      viewset: 'distributions/core/openpgp',
      model: 'core.openpgpdistribution',
    },
    {
      viewset: 'groups/roles',
      model: 'core.grouprole',
    },
    {
      viewset: 'orphans',
    },
    {
      viewset: 'orphans/cleanup',
    },
    {
      viewset: 'repair',
    },
    {
      viewset: 'repositories/core/openpgp_keyring/versions',
      model: 'core.repositoryversion',
    },
    {
      viewset: 'repositories/reclaim_space',
    },
    {
      viewset: 'roles',
      model: 'core.role',
    },
    {
      viewset: 'signing-services',
      model: 'core.signingservice',
    },
    {
      viewset: 'users',
      model: 'core.user',
    },
    {
      viewset: 'users/roles',
      model: 'core.userrole',
    },
    {
      viewset: 'workers',
      model: 'core.worker',
    },
  ],
};
