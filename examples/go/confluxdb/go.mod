module github.com/confluxdb/cdktf-blueprint/examples/go/confluxdb

go 1.25

require (
	github.com/aws/constructs-go/constructs/v10 v10.4.2
	github.com/aws/jsii-runtime-go v1.140.0
	github.com/cdktf/cdktf-provider-aws-go/aws/v21 v21.22.1
	github.com/confluxdb/cdktf-blueprint-go/blueprint v0.0.0
	github.com/hashicorp/terraform-cdk-go/cdktf v0.21.0
)

// The library module as built by `npx projen package:go`.
replace github.com/confluxdb/cdktf-blueprint-go/blueprint => ../../../dist/go/blueprint
