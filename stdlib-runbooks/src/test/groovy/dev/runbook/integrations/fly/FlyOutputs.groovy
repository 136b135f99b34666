package dev.runbook.integrations.fly

/** Output in the shapes flyctl prints: Go field names for releases, the Machines API's snake_case for machines. */
final class FlyOutputs {
    static final String RELEASES = '''[
  {
    "ID": "rel_44",
    "Version": 42,
    "Stable": false,
    "InProgress": false,
    "Reason": "",
    "Description": "Release",
    "Status": "failed",
    "DeploymentStrategy": "rolling",
    "Metadata": null,
    "User": {"ID": "u_1", "Name": "Ana", "Email": "ana@example.com", "EnablePaidHobby": false},
    "EvaluationID": "",
    "CreatedAt": "2025-08-12T16:21:00Z",
    "ImageRef": "registry.fly.io/voxflow-api:deployment-01J42"
  },
  {
    "ID": "rel_43", "Version": 41, "Stable": true, "InProgress": false, "Reason": "", "Description": "Release",
    "Status": "complete", "DeploymentStrategy": "rolling", "Metadata": null,
    "User": {"ID": "u_2", "Name": "Bo", "Email": "bo@example.com", "EnablePaidHobby": false},
    "EvaluationID": "", "CreatedAt": "2025-08-10T09:14:00Z", "ImageRef": "registry.fly.io/voxflow-api:deployment-01J41"
  },
  {
    "ID": "rel_42", "Version": 40, "Stable": true, "InProgress": false, "Reason": "", "Description": "Release",
    "Status": "complete", "DeploymentStrategy": "rolling", "Metadata": null,
    "User": {"ID": "u_2", "Name": "Bo", "Email": "bo@example.com", "EnablePaidHobby": false},
    "EvaluationID": "", "CreatedAt": "2025-08-01T08:00:00Z", "ImageRef": "registry.fly.io/voxflow-api:deployment-01J40"
  }
]
'''

    static final String STATUS = '''{
  "AppURL": "",
  "Deployed": true,
  "Hostname": "voxflow-api.fly.dev",
  "ID": "voxflow-api",
  "Machines": [
    {
      "id": "148ed193b95e89",
      "name": "bold-sun-4217",
      "state": "started",
      "region": "ams",
      "image_ref": {"registry": "registry.fly.io", "repository": "voxflow-api", "tag": "deployment-01J42", "digest": "sha256:0a1b", "labels": {}},
      "instance_id": "01J42ABC",
      "private_ip": "fdaa:0:1::3",
      "created_at": "2025-08-01T08:00:00Z",
      "updated_at": "2025-08-12T16:22:00Z",
      "config": {"image": "registry.fly.io/voxflow-api:deployment-01J42",
                 "metadata": {"fly_platform_version": "v2", "fly_process_group": "app", "fly_release_id": "rel_44", "fly_release_version": "42"}},
      "checks": [{"name": "servicecheck-00-http-8080", "status": "critical", "output": "connect: connection refused", "updated_at": "2025-08-12T16:23:00Z"}]
    },
    {
      "id": "3d8d9e1bc72e89",
      "name": "calm-lake-1108",
      "state": "started",
      "region": "fra",
      "image_ref": {"registry": "registry.fly.io", "repository": "voxflow-api", "tag": "deployment-01J42", "digest": "sha256:0a1b", "labels": {}},
      "instance_id": "01J42DEF",
      "private_ip": "fdaa:0:1::4",
      "created_at": "2025-08-01T08:00:00Z",
      "updated_at": "2025-08-12T16:22:00Z",
      "config": {"image": "registry.fly.io/voxflow-api:deployment-01J42",
                 "metadata": {"fly_platform_version": "v2", "fly_process_group": "app", "fly_release_id": "rel_44", "fly_release_version": "42"}},
      "checks": [{"name": "servicecheck-00-http-8080", "status": "passing", "output": "200 OK", "updated_at": "2025-08-12T16:23:00Z"}]
    }
  ],
  "Name": "voxflow-api",
  "Organization": {"ID": "o_1", "InternalNumericID": "", "Name": "VoxFlow", "Slug": "voxflow", "RawSlug": "voxflow", "PaidPlan": true},
  "PlatformVersion": "machines",
  "Status": "deployed",
  "Version": 42
}
'''
}
