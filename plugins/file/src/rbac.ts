import type { RbacCatalogue } from '@pulp/plugin-api';

/**
 * pulp_file's authorization catalogue: Pulp 3.102's default access policies and locked roles of the
 * file viewsets, and the permissions of the file models (facts read off pulp_file 3.102.0).
 */
export const FILE_RBAC: RbacCatalogue = {
  label: 'file',
  permissions: [
    {
      model: 'file.filealternatecontentsource',
      verboseName: 'file alternate content source',
      custom: [
        ['refresh_filealternatecontentsource', 'Can refresh ACS metadata'],
        ['manage_roles_filealternatecontentsource', 'Can manage roles on file ACS'],
      ],
    },
    {
      model: 'file.filecontent',
      verboseName: 'file content',
      custom: [['upload_files', 'Can upload File content using synchronous API.']],
    },
    {
      model: 'file.filedistribution',
      verboseName: 'file distribution',
      custom: [['manage_roles_filedistribution', 'Can manage roles on file distributions']],
    },
    {
      model: 'file.filepublication',
      verboseName: 'file publication',
      custom: [['manage_roles_filepublication', 'Can manage roles on file publications']],
    },
    {
      model: 'file.fileremote',
      verboseName: 'file remote',
      custom: [['manage_roles_fileremote', 'Can manage roles on file remotes']],
    },
    {
      model: 'file.filerepository',
      verboseName: 'file repository',
      custom: [
        ['sync_filerepository', 'Can start a sync task'],
        ['modify_filerepository', 'Can modify content of the repository'],
        ['manage_roles_filerepository', 'Can manage roles on file repositories'],
        ['repair_filerepository', 'Can repair repository versions'],
      ],
    },
  ],
  viewsets: [
    {
      viewset: 'acs/file/file',
      model: 'file.filealternatecontentsource',
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
            condition: [
              'has_model_or_domain_perms:file.add_filealternatecontentsource',
              'has_remote_param_model_or_domain_or_obj_perms:file.view_fileremote',
            ],
          },
          {
            action: ['retrieve'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:file.view_filealternatecontentsource',
          },
          {
            action: ['update', 'partial_update'],
            principal: 'authenticated',
            effect: 'allow',
            condition: [
              'has_model_or_domain_or_obj_perms:file.change_filealternatecontentsource',
              'has_model_or_domain_or_obj_perms:file.view_filealternatecontentsource',
              'has_remote_param_model_or_domain_or_obj_perms:file.view_fileremote',
            ],
          },
          {
            action: ['destroy'],
            principal: 'authenticated',
            effect: 'allow',
            condition: [
              'has_model_or_domain_or_obj_perms:file.delete_filealternatecontentsource',
              'has_model_or_domain_or_obj_perms:file.view_filealternatecontentsource',
            ],
          },
          {
            action: ['refresh'],
            principal: 'authenticated',
            effect: 'allow',
            condition: [
              'has_model_or_domain_or_obj_perms:file.refresh_filealternatecontentsource',
              'has_model_or_domain_or_obj_perms:file.view_filealternatecontentsource',
            ],
          },
          {
            action: ['list_roles', 'add_role', 'remove_role'],
            principal: 'authenticated',
            effect: 'allow',
            condition: ['has_model_or_domain_or_obj_perms:file.manage_roles_filealternatecontentsource'],
          },
        ],
        creation_hooks: [
          {
            function: 'add_roles_for_object_creator',
            parameters: {
              roles: 'file.filealternatecontentsource_owner',
            },
          },
        ],
        queryset_scoping: {
          function: 'scope_queryset',
        },
      },
      lockedRoles: {
        'file.filealternatecontentsource_creator': {
          permissions: ['file.add_filealternatecontentsource'],
        },
        'file.filealternatecontentsource_owner': {
          permissions: [
            'file.view_filealternatecontentsource',
            'file.change_filealternatecontentsource',
            'file.delete_filealternatecontentsource',
            'file.refresh_filealternatecontentsource',
            'file.manage_roles_filealternatecontentsource',
          ],
        },
        'file.filealternatecontentsource_viewer': {
          permissions: ['file.view_filealternatecontentsource'],
        },
      },
    },
    {
      viewset: 'content/file/files',
      model: 'file.filecontent',
      policy: {
        statements: [
          {
            action: ['list', 'retrieve'],
            principal: 'authenticated',
            effect: 'allow',
          },
          {
            action: ['create'],
            principal: 'authenticated',
            effect: 'allow',
            condition: [
              'has_required_repo_perms_on_upload:file.modify_filerepository',
              'has_required_repo_perms_on_upload:file.view_filerepository',
              'has_upload_param_model_or_domain_or_obj_perms:core.change_upload',
            ],
          },
          {
            action: ['set_label', 'unset_label'],
            principal: 'authenticated',
            effect: 'allow',
            condition: ['has_model_or_domain_perms:core.manage_content_labels'],
          },
          {
            action: ['upload'],
            principal: 'authenticated',
            effect: 'allow',
            condition: ['has_model_or_domain_perms:file.upload_files'],
          },
        ],
        queryset_scoping: {
          function: 'scope_queryset',
        },
      },
      lockedRoles: {
        'file.file_uploader': {
          permissions: ['file.upload_files'],
        },
      },
    },
    {
      viewset: 'distributions/file/file',
      model: 'file.filedistribution',
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
            condition: [
              'has_model_or_domain_perms:file.add_filedistribution',
              'has_repo_or_repo_ver_param_model_or_domain_or_obj_perms:file.view_filerepository',
              'has_publication_param_model_or_domain_or_obj_perms:file.view_filepublication',
            ],
          },
          {
            action: ['retrieve'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:file.view_filedistribution',
          },
          {
            action: ['update', 'partial_update', 'set_label', 'unset_label'],
            principal: 'authenticated',
            effect: 'allow',
            condition: [
              'has_model_or_domain_or_obj_perms:file.change_filedistribution',
              'has_model_or_domain_or_obj_perms:file.view_filedistribution',
              'has_repo_or_repo_ver_param_model_or_domain_or_obj_perms:file.view_filerepository',
              'has_publication_param_model_or_domain_or_obj_perms:file.view_filepublication',
            ],
          },
          {
            action: ['destroy'],
            principal: 'authenticated',
            effect: 'allow',
            condition: [
              'has_model_or_domain_or_obj_perms:file.delete_filedistribution',
              'has_model_or_domain_or_obj_perms:file.view_filedistribution',
            ],
          },
          {
            action: ['list_roles', 'add_role', 'remove_role'],
            principal: 'authenticated',
            effect: 'allow',
            condition: ['has_model_or_domain_or_obj_perms:file.manage_roles_filedistribution'],
          },
        ],
        creation_hooks: [
          {
            function: 'add_roles_for_object_creator',
            parameters: {
              roles: 'file.filedistribution_owner',
            },
          },
        ],
        queryset_scoping: {
          function: 'scope_queryset',
        },
      },
      lockedRoles: {
        'file.filedistribution_creator': {
          permissions: ['file.add_filedistribution'],
        },
        'file.filedistribution_owner': {
          permissions: [
            'file.view_filedistribution',
            'file.change_filedistribution',
            'file.delete_filedistribution',
            'file.manage_roles_filedistribution',
          ],
        },
        'file.filedistribution_viewer': {
          permissions: ['file.view_filedistribution'],
        },
      },
    },
    {
      viewset: 'publications/file/file',
      model: 'file.filepublication',
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
            condition: [
              'has_model_or_domain_perms:file.add_filepublication',
              'has_repo_or_repo_ver_param_model_or_domain_or_obj_perms:file.view_filerepository',
            ],
          },
          {
            action: ['retrieve'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:file.view_filepublication',
          },
          {
            action: ['destroy'],
            principal: 'authenticated',
            effect: 'allow',
            condition: [
              'has_model_or_domain_or_obj_perms:file.delete_filepublication',
              'has_model_or_domain_or_obj_perms:file.view_filepublication',
            ],
          },
          {
            action: ['list_roles', 'add_role', 'remove_role'],
            principal: 'authenticated',
            effect: 'allow',
            condition: ['has_model_or_domain_or_obj_perms:file.manage_roles_filepublication'],
          },
        ],
        creation_hooks: [
          {
            function: 'add_roles_for_object_creator',
            parameters: {
              roles: 'file.filepublication_owner',
            },
          },
        ],
        queryset_scoping: {
          function: 'scope_queryset',
        },
      },
      lockedRoles: {
        'file.filepublication_creator': {
          permissions: ['file.add_filepublication'],
        },
        'file.filepublication_owner': {
          permissions: [
            'file.view_filepublication',
            'file.delete_filepublication',
            'file.manage_roles_filepublication',
          ],
        },
        'file.filepublication_viewer': {
          permissions: ['file.view_filepublication'],
        },
      },
    },
    {
      viewset: 'remotes/file/file',
      model: 'file.fileremote',
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
            condition: 'has_model_or_domain_perms:file.add_fileremote',
          },
          {
            action: ['retrieve'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:file.view_fileremote',
          },
          {
            action: ['update', 'partial_update', 'set_label', 'unset_label'],
            principal: 'authenticated',
            effect: 'allow',
            condition: [
              'has_model_or_domain_or_obj_perms:file.change_fileremote',
              'has_model_or_domain_or_obj_perms:file.view_fileremote',
            ],
          },
          {
            action: ['destroy'],
            principal: 'authenticated',
            effect: 'allow',
            condition: [
              'has_model_or_domain_or_obj_perms:file.delete_fileremote',
              'has_model_or_domain_or_obj_perms:file.view_fileremote',
            ],
          },
          {
            action: ['list_roles', 'add_role', 'remove_role'],
            principal: 'authenticated',
            effect: 'allow',
            condition: ['has_model_or_domain_or_obj_perms:file.manage_roles_fileremote'],
          },
        ],
        creation_hooks: [
          {
            function: 'add_roles_for_object_creator',
            parameters: {
              roles: 'file.fileremote_owner',
            },
          },
        ],
        queryset_scoping: {
          function: 'scope_queryset',
        },
      },
      lockedRoles: {
        'file.fileremote_creator': {
          permissions: ['file.add_fileremote'],
        },
        'file.fileremote_owner': {
          permissions: [
            'file.view_fileremote',
            'file.change_fileremote',
            'file.delete_fileremote',
            'file.manage_roles_fileremote',
          ],
        },
        'file.fileremote_viewer': {
          permissions: ['file.view_fileremote'],
        },
      },
    },
    {
      viewset: 'repositories/file/file',
      model: 'file.filerepository',
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
            condition: [
              'has_model_or_domain_perms:file.add_filerepository',
              'has_remote_param_model_or_domain_or_obj_perms:file.view_fileremote',
            ],
          },
          {
            action: ['retrieve'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_model_or_domain_or_obj_perms:file.view_filerepository',
          },
          {
            action: ['destroy'],
            principal: 'authenticated',
            effect: 'allow',
            condition: [
              'has_model_or_domain_or_obj_perms:file.delete_filerepository',
              'has_model_or_domain_or_obj_perms:file.view_filerepository',
            ],
          },
          {
            action: ['update', 'partial_update', 'set_label', 'unset_label'],
            principal: 'authenticated',
            effect: 'allow',
            condition: [
              'has_model_or_domain_or_obj_perms:file.change_filerepository',
              'has_model_or_domain_or_obj_perms:file.view_filerepository',
              'has_remote_param_model_or_domain_or_obj_perms:file.view_fileremote',
            ],
          },
          {
            action: ['sync'],
            principal: 'authenticated',
            effect: 'allow',
            condition: [
              'has_model_or_domain_or_obj_perms:file.sync_filerepository',
              'has_remote_param_model_or_domain_or_obj_perms:file.view_fileremote',
              'has_model_or_domain_or_obj_perms:file.view_filerepository',
            ],
          },
          {
            action: ['modify'],
            principal: 'authenticated',
            effect: 'allow',
            condition: [
              'has_model_or_domain_or_obj_perms:file.modify_filerepository',
              'has_model_or_domain_or_obj_perms:file.view_filerepository',
            ],
          },
          {
            action: ['list_roles', 'add_role', 'remove_role'],
            principal: 'authenticated',
            effect: 'allow',
            condition: ['has_model_or_domain_or_obj_perms:file.manage_roles_filerepository'],
          },
        ],
        creation_hooks: [
          {
            function: 'add_roles_for_object_creator',
            parameters: {
              roles: 'file.filerepository_owner',
            },
          },
        ],
        queryset_scoping: {
          function: 'scope_queryset',
        },
      },
      lockedRoles: {
        'file.filerepository_creator': {
          permissions: ['file.add_filerepository'],
        },
        'file.filerepository_owner': {
          permissions: [
            'file.view_filerepository',
            'file.change_filerepository',
            'file.delete_filerepository',
            'file.modify_filerepository',
            'file.sync_filerepository',
            'file.manage_roles_filerepository',
            'file.repair_filerepository',
          ],
        },
        'file.filerepository_viewer': {
          permissions: ['file.view_filerepository'],
        },
      },
    },
    {
      viewset: 'repositories/file/file/versions',
      model: 'core.repositoryversion',
      policy: {
        statements: [
          {
            action: ['list', 'retrieve'],
            principal: 'authenticated',
            effect: 'allow',
            condition: 'has_repository_model_or_domain_or_obj_perms:file.view_filerepository',
          },
          {
            action: ['destroy'],
            principal: 'authenticated',
            effect: 'allow',
            condition: [
              'has_repository_model_or_domain_or_obj_perms:file.delete_filerepository',
              'has_repository_model_or_domain_or_obj_perms:file.view_filerepository',
            ],
          },
          {
            action: ['repair'],
            principal: 'authenticated',
            effect: 'allow',
            condition: [
              'has_repository_model_or_domain_or_obj_perms:file.repair_filerepository',
              'has_repository_model_or_domain_or_obj_perms:file.view_filerepository',
            ],
          },
        ],
      },
    },
  ],
};
